import { z } from 'zod';
import { defineRoute } from '../http/route-contract';
import { JobViewSchema, ObjectKeySchema, STARTABLE_JOB_KINDS } from '@reco/runtime';
import { queryInt } from './query-params';

/** An import naming a file already in the object store. */
export const ImportFromObjectSchema = z.object({ objectKey: ObjectKeySchema });

const JobAccepted = z.object({ job: JobViewSchema, links: z.object({ self: z.string() }) });

export const adminImport = defineRoute({
  method: 'post',
  path: '/api/admin/import',
  summary: 'Import an Online Retail CSV: upload it (text/csv or application/gzip) or name an object-store key',
  tag: 'admin',
  access: 'admin',
  okStatus: 202,
  consumes: ['text/csv', 'application/gzip'],
  body: ImportFromObjectSchema,
  response: JobAccepted,
  errors: [404, 409, 413, 415],
});

export const adminTrain = defineRoute({
  method: 'post',
  path: '/api/admin/train',
  summary: 'Train the recommender on the current data (a job). The body, if sent, is an empty object: training takes no options',
  tag: 'admin',
  access: 'admin',
  okStatus: 202,
  body: z.strictObject({}),
  bodyOptional: true,
  response: JobAccepted,
  errors: [409, 503],
});

export const adminStartJob = defineRoute({
  method: 'post',
  path: '/api/admin/jobs',
  summary: 'Start a job: train, segment customers, rebuild the search index, or precompute every customer\'s list',
  tag: 'admin',
  access: 'admin',
  okStatus: 202,
  body: z.object({ kind: z.enum(STARTABLE_JOB_KINDS) }),
  response: JobAccepted,
  errors: [409, 503],
});

export const adminCancelJob = defineRoute({
  method: 'post',
  path: '/api/admin/jobs/:id/cancel',
  summary: 'Cancel a job: a queued one never runs, a running one stops (not retried)',
  tag: 'admin',
  access: 'admin',
  params: z.object({ id: z.uuid() }),
  response: JobViewSchema,
  errors: [404],
});

const ScheduleSchema = z.object({
  name: z.string(),
  cron: z.string(),
  kind: z.string(),
  timezone: z.string(),
  next: z.string().optional(),
  lastTick: z
    .object({ schedule: z.string(), kind: z.string(), outcome: z.enum(['started', 'skipped']), jobId: z.string(), dueAt: z.string(), at: z.string() })
    .optional(),
});

export const adminSchedules = defineRoute({
  method: 'get',
  path: '/api/admin/schedules',
  summary: 'Jobs that run on a cron (TRAIN_SCHEDULE, SEGMENT_SCHEDULE, PRECOMPUTE_SCHEDULE), with their next and latest run',
  tag: 'admin',
  access: 'admin',
  response: z.object({ items: z.array(ScheduleSchema) }),
});

export const adminJob = defineRoute({
  method: 'get',
  path: '/api/admin/jobs/:id',
  summary: "A job's status and progress",
  tag: 'admin',
  access: 'admin',
  params: z.object({ id: z.uuid() }),
  response: JobViewSchema,
  errors: [404],
});

export const adminJobs = defineRoute({
  method: 'get',
  path: '/api/admin/jobs',
  summary: 'Recent jobs, newest first',
  tag: 'admin',
  access: 'admin',
  query: z.object({ limit: queryInt(1, 1_000).default(100) }),
  response: z.object({ items: z.array(JobViewSchema) }),
});

const ModelVersionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  metrics: z.record(z.string(), z.number()),
  objectKey: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});

const ModelName = z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/).default('recommender');

export const adminModels = defineRoute({
  method: 'get',
  path: '/api/admin/models',
  summary: 'Trained versions of a model, newest first',
  tag: 'admin',
  access: 'admin',
  query: z.object({ name: ModelName }),
  response: z.object({ name: z.string(), items: z.array(ModelVersionSchema) }),
  errors: [503],
});

export const adminActivateModel = defineRoute({
  method: 'post',
  path: '/api/admin/models/:id/activate',
  summary: 'Make this version the active one of its model',
  tag: 'admin',
  access: 'admin',
  params: z.object({ id: queryInt(1, Number.MAX_SAFE_INTEGER) }),
  query: z.object({ name: ModelName }),
  response: ModelVersionSchema,
  errors: [404, 503],
});

export const adminFlushCache = defineRoute({
  method: 'post',
  path: '/api/admin/cache/flush',
  summary: 'Make every key under these cache namespaces a miss, on every instance',
  tag: 'admin',
  access: 'admin',
  body: z.object({ namespaces: z.array(z.string().trim().regex(/^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)*$/)).min(1).max(50) }),
  response: z.object({ flushed: z.array(z.string()) }),
  errors: [503],
});

export const metricsSummary = defineRoute({
  method: 'get',
  path: '/api/metrics/summary',
  summary: 'Request rate, p95 latency and cache hit rate, for the dashboard (service or admin key)',
  tag: 'admin',
  access: 'authenticated',
  response: z.object({
    requestsPerSecond: z.number(),
    p95Ms: z.number().nullable(),
    cacheHitRate: z.number().nullable(),
    toolCalls: z.number(),
    toolErrors: z.number(),
    eventLoopP99Ms: z.number().nullable(),
    at: z.string(),
  }),
  errors: [403],
});

export const ADMIN_CONTRACTS = [adminImport, adminTrain, adminStartJob, adminCancelJob, adminJobs, adminJob, adminSchedules, adminModels, adminActivateModel, adminFlushCache, metricsSummary];
