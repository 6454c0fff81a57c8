import { z } from 'zod';
import { defineTool, ToolError, type AnyTool, type ToolAnnotations, type ToolContext } from '@reco/base-tools';
import type { JobQueue, JobView } from '@reco/jobs';
import { isObjectStoreError, validateObjectKey, type ObjectStore } from '@reco/object-store';
import { submitImportJob } from '../jobs/import-job';
import { followJob, queueCall, type FollowedJob } from './follow-job';

export const IMPORT_DATA = 'import_data';
export const TRAIN_MODEL = 'train_model';

export interface AdminToolDeps {
  /** The deployment's job queue, read when a call comes (the composition root makes it last). */
  jobs: () => JobQueue;
  /** Where import files are; undefined when none is configured. */
  objectStore: () => ObjectStore | undefined;
  /** Whether this server can train (the recommendation lib's trainer is wired). */
  canTrain: () => boolean;
  /** How often a followed job is read (default 400 ms). */
  pollMs?: number;
  /** Bound on each call to the queue (default 5 s). */
  queueTimeoutMs?: number;
}

const DEFAULT_WAIT_SECONDS = 600;
export const MAX_WAIT_SECONDS = 3_600;
const DEFAULT_POLL_MS = 400;
const DEFAULT_QUEUE_TIMEOUT_MS = 5_000;
// The call's own timeout: the longest wait, plus room for the submit and the last read of the job.
const ADMIN_TOOL_TIMEOUT_MS = (MAX_WAIT_SECONDS + 60) * 1_000;
// Object stores apply their own timeouts; a failing one may be retried shortly.
const STORE_RETRY_AFTER_SECONDS = 5;

const WaitSeconds = z
  .number()
  .int()
  .min(0)
  .max(MAX_WAIT_SECONDS)
  .default(DEFAULT_WAIT_SECONDS)
  .describe('How long to follow the job, reporting its progress, before answering (0: answer at once). The job goes on either way.');

/** An object-store key by the store's own rules (relative, no `..`, no backslash or control character). */
export const ObjectKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(1_024)
  .superRefine((key, ctx) => {
    try {
      validateObjectKey(key);
    } catch (err) {
      // The store's message names the rule broken, e.g. 'it has a "." or ".." segment'.
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'is not a valid object key' });
    }
  });

const ImportKey = ObjectKeySchema.describe('Key of a CSV (or .csv.gz) already in the object store, e.g. imports/2026-12/orders.csv');

/** A job as every instance sees it (the queue's JobView), in the tools' answers and the admin API. */
export const JobViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.number().min(0).max(1),
  message: z.string(),
  /** Runs started so far: more than one after a failed attempt or a worker that died. */
  attempts: z.number().int().min(0),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

const FollowedJobSchema = z.object({
  job: JobViewSchema,
  /** The job ended (succeeded, failed or cancelled) while the call followed it. */
  finished: z.boolean(),
});

/**
 * Both write shop data the caller cannot take back with the same call (an import upserts, training
 * adds a model version), but neither deletes: not destructive. A second call starts another job
 * (or is refused while one runs): not idempotent. Only the shop's own store and models: closed world.
 */
const STARTS_A_JOB: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

const FOLLOW_HINT =
  ' Answers { job, finished }: the job as last seen, and whether it ended while followed; an unfinished job goes on (read it at GET /api/admin/jobs/:id). Progress is reported while following (MCP: pass a progressToken).';

/** The admin's long work as tools: each submits its job exclusively and follows it for up to waitSeconds. */
export function createAdminTools(deps: AdminToolDeps): AnyTool[] {
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  const queueTimeoutMs = deps.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
  const onQueue = <T>(call: (jobs: JobQueue) => Promise<T>): Promise<T> => queueCall(() => call(deps.jobs()), queueTimeoutMs);

  /** Follows the submitted job, telling the caller its progress in percent with the job's message. */
  const follow = (submitted: JobView, waitSeconds: number, ctx: ToolContext): Promise<FollowedJob> =>
    followJob(submitted, {
      read: (id) => onQueue((jobs) => jobs.get(id)),
      waitMs: waitSeconds * 1_000,
      pollMs,
      signal: ctx.signal,
      onChange: (job) => ctx.reportProgress(job.progress * 100, 100, job.message),
      logger: ctx.logger,
    });

  const importData = defineTool({
    name: IMPORT_DATA,
    title: 'Import shop data',
    description:
      'Imports a CSV of orders (Online Retail columns) from the object store into the shop: products, customers and orders are upserted atomically, then segments, the search index and caches follow. One import at a time.' +
      FOLLOW_HINT,
    access: 'admin',
    annotations: STARTS_A_JOB,
    input: z.object({ objectKey: ImportKey, waitSeconds: WaitSeconds }),
    output: FollowedJobSchema,
    timeoutMs: ADMIN_TOOL_TIMEOUT_MS,
    execute: async ({ objectKey, waitSeconds }, ctx) => {
      const store = deps.objectStore();
      if (!store) throw new ToolError('UNAVAILABLE', 'Imports are not available on this server: no object store is configured');
      if (!(await objectExists(store, objectKey, ctx))) {
        throw new ToolError('NOT_FOUND', `No object ${JSON.stringify(objectKey)} in the object store`, { id: objectKey });
      }
      // The operator's own object: the job leaves it in the store.
      const submitted = await onQueue((jobs) => submitImportJob(jobs, objectKey, false));
      return follow(submitted, waitSeconds, ctx);
    },
  });

  const trainModel = defineTool({
    name: TRAIN_MODEL,
    title: 'Train the recommendation model',
    description:
      'Trains a new version of the recommendation model on the current orders and evaluates it; the result names the version and its metrics. One training at a time.' +
      FOLLOW_HINT,
    access: 'admin',
    annotations: STARTS_A_JOB,
    input: z.object({ waitSeconds: WaitSeconds }),
    output: FollowedJobSchema,
    timeoutMs: ADMIN_TOOL_TIMEOUT_MS,
    execute: async ({ waitSeconds }, ctx) => {
      if (!deps.canTrain()) throw new ToolError('UNAVAILABLE', 'Training is not available on this server');
      const submitted = await onQueue((jobs) => jobs.submit('train', {}, { exclusive: true }));
      return follow(submitted, waitSeconds, ctx);
    },
  });

  return [importData, trainModel];
}

/** Whether the object is there; a store that cannot answer makes the tool UNAVAILABLE. */
async function objectExists(store: ObjectStore, objectKey: string, ctx: ToolContext): Promise<boolean> {
  try {
    return (await store.head(objectKey, { signal: ctx.signal })) !== null;
  } catch (err) {
    if (isObjectStoreError(err, 'INVALID_KEY')) throw ToolError.badInput([{ field: 'objectKey', message: err.message }]);
    if (ctx.signal.aborted) throw err;
    ctx.logger.warn({ err }, 'the object store could not be read');
    throw ToolError.unavailable(IMPORT_DATA, STORE_RETRY_AFTER_SECONDS);
  }
}
