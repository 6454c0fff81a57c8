import type { Request } from 'express';
import { UnknownModelVersionError } from '@reco/recommendation-tools';
import type { ApiRoutes } from '../http/api-routes';
import {
  ImportFromObjectSchema,
  adminActivateModel,
  adminFlushCache,
  adminImport,
  adminJob,
  adminJobs,
  adminModels,
  adminTrain,
} from '../contracts/admin.contracts';
import { HttpError } from '../http/http-error';
import { mount } from '../http/typed-handler';
import { streamToTempFile, type TempFile } from '../jobs/upload-to-file';
import type { Job, JobRegistry } from '../jobs/job-registry';
import type { AppServices } from '../services/app-services';

export interface AdminRouteDeps {
  services: AppServices;
  jobs: JobRegistry;
  importMaxBytes: number;
}

const UPLOAD_TYPES: Record<string, string> = { 'text/csv': 'upload.csv', 'application/gzip': 'upload.csv.gz', 'application/x-gzip': 'upload.csv.gz' };

/** Admin routes (the admin key is checked where this router is mounted). Long work answers 202 with a job. */
export function adminRoutes(router: ApiRoutes, { services, jobs, importMaxBytes }: AdminRouteDeps): void {

  // The body is either a raw upload or JSON naming an object: parsed here rather than by the contract.
  mount(router, { ...adminImport, body: undefined }, async ({ req, res }) => {
    if (jobs.isActive('import')) throw HttpError.conflict('An import is already running');
    const dataImport = await services.dataImport();
    if (!dataImport) throw HttpError.unavailable('Imports are not available on this server');
    const upload = await receiveImport(req, services, importMaxBytes);
    const job = jobs.start(
      'import',
      async ({ report }) => {
        // Segments, profiles and the search index catch up by their own refresh; `reco import` refreshes them at once.
        const { file: _file, afterImport: _afterImport, ...summary } = await dataImport.run(upload.file, {
          refresh: false,
          onProgress: (p) => report(p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0, `${p.rowsRead} rows read`),
        });
        return { ...summary, bytes: upload.bytes };
      },
      () => void upload.remove(),
    );
    return accepted(res, job);
  });

  mount(router, adminTrain, async ({ res }) => {
    const trainer = await services.trainer();
    if (!trainer) throw HttpError.unavailable('Training is not available on this server yet');
    if (jobs.isActive('train')) throw HttpError.conflict('A training job is already running');
    const job = jobs.start('train', ({ report, signal }) => trainer.train({ signal, onProgress: (p) => report(p.progress, p.message) }));
    return accepted(res, job);
  });

  mount(router, adminJobs, async () => ({ items: jobs.list() }));
  mount(router, adminJob, async ({ params }) => {
    const job = jobs.get(params.id);
    if (!job) throw HttpError.notFound(`No job ${params.id}`);
    return job;
  });

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

async function receiveImport(req: Request, services: AppServices, maxBytes: number): Promise<TempFile> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const uploadName = UPLOAD_TYPES[type];
  if (uploadName) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new HttpError(413, 'BODY_TOO_LARGE', `The upload is larger than ${maxBytes} bytes`, { limit: maxBytes });
    }
    return streamToTempFile(req, uploadName, maxBytes);
  }
  if (type !== 'application/json') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as text/csv or application/gzip, or JSON { "objectKey": "..." }');
  }
  const parsed = ImportFromObjectSchema.safeParse(req.body ?? {});
  if (!parsed.success) {
    throw HttpError.badRequest(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })));
  }
  const store = services.objectStore();
  if (!store) throw HttpError.unavailable('No object store is configured');
  const object = await store.getStream(parsed.data.objectKey);
  if (!object) throw HttpError.notFound(`No object ${JSON.stringify(parsed.data.objectKey)} in the object store`);
  return streamToTempFile(object.body, parsed.data.objectKey.endsWith('.gz') ? 'object.csv.gz' : 'object.csv', maxBytes);
}

async function modelRegistry(services: AppServices) {
  const registry = await services.modelRegistry();
  if (!registry) throw HttpError.unavailable('The model registry is not available on this server');
  return registry;
}

function accepted(res: import('express').Response, job: Job) {
  res.status(202).setHeader('Location', `/api/admin/jobs/${job.id}`);
  return { job, links: { self: `/api/admin/jobs/${job.id}` } };
}

function toModelJson<V extends { createdAt: Date }>(v: V) {
  return { ...v, createdAt: v.createdAt.toISOString() };
}
