import { createReadStream } from 'node:fs';
import type { Request } from 'express';
import { JobConflictError, type JobQueue, type JobView } from '@reco/jobs';
import type { ObjectStore } from '@reco/object-store';
import { UnknownModelVersionError } from '@reco/recommendation-tools';
import { submitImportJob, uploadObjectKey } from '@reco/runtime';
import type { ApiRoutes } from '../http/api-routes';
import {
  ImportFromObjectSchema,
  adminActivateModel,
  adminCancelJob,
  adminFlushCache,
  adminImport,
  adminJob,
  adminJobs,
  adminModels,
  adminSchedules,
  adminStartJob,
  adminTrain,
} from '../contracts/admin.contracts';
import { HttpError } from '../http/http-error';
import { mount } from '../http/typed-handler';
import { withDeadline } from '../http/with-deadline';
import { streamToTempFile } from '../jobs/upload-to-file';
import type { AppServices } from '../services/app-services';

export interface AdminRouteDeps {
  services: AppServices;
  jobs: JobQueue;
  importMaxBytes: number;
}

const UPLOAD_TYPES: Record<string, string> = { 'text/csv': 'upload.csv', 'application/gzip': 'upload.csv.gz', 'application/x-gzip': 'upload.csv.gz' };

/** Admin routes (the admin key is checked where this router is mounted). Long work answers 202 with a job any instance can read. */
export function adminRoutes(router: ApiRoutes, { services, jobs, importMaxBytes }: AdminRouteDeps): void {
  // The body is either a raw upload or JSON naming an object: parsed here rather than by the contract.
  mount(router, { ...adminImport, body: undefined }, async ({ req, res }) => {
    if (!(await services.dataImport())) throw HttpError.unavailable('Imports are not available on this server');
    const store = services.objectStore();
    if (!store) throw HttpError.unavailable('No object store is configured');
    const { objectKey, uploaded } = await receiveImport(req, store, importMaxBytes);
    try {
      return accepted(res, await queueCall(() => submitImportJob(jobs, objectKey, uploaded)));
    } catch (err) {
      if (uploaded) await store.delete(objectKey).catch(() => undefined);
      throw err;
    }
  });

  mount(router, adminTrain, async ({ res }) => {
    if (!(await services.trainer())) throw HttpError.unavailable('Training is not available on this server yet');
    return accepted(res, await submit(jobs, 'train'));
  });

  mount(router, adminStartJob, async ({ res, body }) => {
    if (body.kind === 'train' && !(await services.trainer())) throw HttpError.unavailable('Training is not available on this server yet');
    return accepted(res, await submit(jobs, body.kind));
  });

  mount(router, adminJobs, async ({ query }) => ({ items: await queueCall(() => jobs.list(query.limit)) }));
  mount(router, adminJob, async ({ params }) => (await queueCall(() => jobs.get(params.id))) ?? notFound(params.id));
  mount(router, adminCancelJob, async ({ params }) => (await queueCall(() => jobs.cancel(params.id))) ?? notFound(params.id));
  mount(router, adminSchedules, async () => ({ items: await queueCall(() => jobs.schedules()) }));

  mount(router, adminModels, async ({ query }) => {
    const registry = await modelRegistry(services);
    return { name: query.name, items: (await registry.listVersions(query.name)).map(toModelJson) };
  });

  mount(router, adminActivateModel, async ({ params, query }) => {
    const registry = await modelRegistry(services);
    try {
      return toModelJson(await registry.activate(query.name, params.id));
    } catch (err) {
      if (err instanceof UnknownModelVersionError) throw HttpError.notFound(`Model ${query.name} has no version with id ${params.id}`);
      throw err;
    }
  });

  mount(router, adminFlushCache, async ({ body }) => {
    const cache = services.cache();
    if (!cache) throw HttpError.unavailable('No cache is configured');
    for (const namespace of body.namespaces) await cache.invalidateNamespace(namespace);
    return { flushed: body.namespaces };
  });
}

/**
 * Where the import's file is for the job: an upload is stored in the object store (any worker
 * reads it there; the job deletes it when done), a named object is checked to exist.
 */
async function receiveImport(req: Request, store: ObjectStore, maxBytes: number): Promise<{ objectKey: string; uploaded: boolean }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const uploadName = UPLOAD_TYPES[type];
  if (uploadName) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new HttpError(413, 'BODY_TOO_LARGE', `The upload is larger than ${maxBytes} bytes`, { limit: maxBytes });
    }
    // Spooled to disk first: the size limit holds before anything reaches the store.
    const upload = await streamToTempFile(req, uploadName, maxBytes);
    try {
      const objectKey = uploadObjectKey(uploadName);
      await store.put(objectKey, createReadStream(upload.file), { contentType: type });
      return { objectKey, uploaded: true };
    } finally {
      await upload.remove();
    }
  }
  if (type !== 'application/json') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as text/csv or application/gzip, or JSON { "objectKey": "..." }');
  }
  const parsed = ImportFromObjectSchema.safeParse(req.body ?? {});
  if (!parsed.success) {
    throw HttpError.badRequest(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })));
  }
  if (!(await store.head(parsed.data.objectKey))) throw HttpError.notFound(`No object ${JSON.stringify(parsed.data.objectKey)} in the object store`);
  return { objectKey: parsed.data.objectKey, uploaded: false };
}

/** One job of a kind at a time across the deployment: a second answers 409 naming the first. */
function submit(jobs: JobQueue, kind: string): Promise<JobView> {
  return queueCall(() => jobs.submit(kind, {}, { exclusive: true }));
}

// The queue's own store (Redis, under BullMQ) failing is a dependency outage like the database's.
const QUEUE_RETRY_AFTER_SECONDS = 5;
// BullMQ waits for a connection that may never come: past this, the answer is a 503, not a hang.
const QUEUE_CALL_TIMEOUT_MS = 5_000;

/** A call on the job queue, bounded: a conflict is a 409, any other failure of the queue a generic 503. */
async function queueCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await withDeadline(call(), QUEUE_CALL_TIMEOUT_MS, `the job queue did not answer within ${QUEUE_CALL_TIMEOUT_MS} ms`);
  } catch (err) {
    throw conflictOr(err);
  }
}

function conflictOr(err: unknown): unknown {
  if (err instanceof JobConflictError) return HttpError.conflict(`A ${err.kind} job is already queued or running`, { activeJobId: err.activeJobId });
  if (err instanceof HttpError) return err;
  return HttpError.dependencyUnavailable(QUEUE_RETRY_AFTER_SECONDS, err);
}

function notFound(id: string): never {
  throw HttpError.notFound(`No job ${id}`);
}

async function modelRegistry(services: AppServices) {
  const registry = await services.modelRegistry();
  if (!registry) throw HttpError.unavailable('The model registry is not available on this server');
  return registry;
}

function accepted(res: import('express').Response, job: JobView) {
  res.status(202).setHeader('Location', `/api/admin/jobs/${job.id}`);
  return { job, links: { self: `/api/admin/jobs/${job.id}` } };
}

function toModelJson<V extends { createdAt: Date }>(v: V) {
  return { ...v, createdAt: v.createdAt.toISOString() };
}
