import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closedPort } from '@reco/async-cache/testing';
import { BullJobQueue } from '@reco/jobs';
import { LocalObjectStore } from '@reco/object-store';
import { json, SAMPLE_CSV, startTestServer, type TestServer } from '../__fixtures__/test-server';
import type { RecommenderTrainer, TrainOutcome } from '@reco/recommendation-tools';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it expects
async function waitForJob(server: TestServer, id: string): Promise<any> {
  for (let i = 0; i < 300; i++) {
    const job = await json(await server.call(`/api/admin/jobs/${id}`, { as: server.adminKey }));
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

describe('admin routes', () => {
  let server: TestServer;
  const db = () => {
    if (!server.db) throw new Error('the test server has no database');
    return server.db;
  };
  let objectsDir: string;
  let objectStore: LocalObjectStore;
  const metadata = { name: 'recommender', version: 1, trainedAt: '2026-01-01T00:00:00.000Z', window: {}, counts: {}, metrics: { ndcg: 0.3 }, backend: 'cpu' };
  const TRAINED: TrainOutcome = { name: 'recommender', version: 'v-test', objectKey: 'models/recommender/v-test', metrics: { ndcg: 0.3 }, metadata, evaluation: [], seconds: 0.05 };
  let trained = 0;
  // Loads of a newly active version by the served model's registry.
  let reloads = 0;
  const trainer: Pick<RecommenderTrainer, 'train'> = {
    train: async ({ onProgress } = {}) => {
      onProgress?.({ progress: 0.5, message: 'half way' });
      await new Promise((r) => setTimeout(r, 50));
      trained += 1;
      return TRAINED;
    },
  };

  beforeAll(async () => {
    objectsDir = mkdtempSync(path.join(tmpdir(), 'reco-objects-'));
    const store = new LocalObjectStore({ root: objectsDir });
    await store.put('imports/sample.csv.gz', readFileSync(SAMPLE_CSV));
    server = await startTestServer({
      database: true,
      services: { trainer: async () => trainer, objectStore: () => store },
      deps: { importMaxBytes: 2 * 1024 * 1024 },
      // Runs until cancelled: a job that stays queued or running as long as a test needs.
      jobHandlers: {
        segment: (_data, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
      },
    });
    objectStore = store;
    const models = server.models;
    if (!models) throw new Error('the test server has no model registry');
    // The versions have no stored artifacts: a load fails (and is logged), but it is attempted.
    const load = models.loadVersion.bind(models);
    models.loadVersion = (row) => ((reloads += 1), load(row));
  });
  afterAll(async () => {
    await server.close();
    rmSync(objectsDir, { recursive: true, force: true });
  });

  const admin = (p: string, init: Parameters<TestServer['call']>[1] = {}) => server.call(p, { as: server.adminKey, ...init });

  it('refuses service keys and customer tokens on every admin route', async () => {
    const token = (await server.tokens.issue('17850')).token;
    for (const as of [server.serviceKey, token]) {
      for (const [method, p] of [['POST', '/api/admin/train'], ['GET', '/api/admin/models'], ['POST', '/api/admin/cache/flush'], ['GET', '/api/admin/jobs']]) {
        const res = await server.call(p, { as, method });
        expect(res.status).toBe(403);
      }
    }
  });

  it('imports an uploaded gzip CSV as a job and reports its progress', async () => {
    const res = await admin('/api/admin/import', { method: 'POST', headers: { 'content-type': 'application/gzip' }, body: readFileSync(SAMPLE_CSV) });
    expect(res.status).toBe(202);
    const { job, links } = await json(res);
    expect(res.headers.get('location')).toBe(links.self);
    expect(job).toMatchObject({ kind: 'import', status: 'queued', progress: 0, attempts: 0 });
    const done = await waitForJob(server, job.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1 });
    // The upload waited in the object store for whichever process ran the job; it is gone now.
    expect(done.result.objectKey).toMatch(/^imports\/.+\/upload\.csv\.gz$/);
    expect(await objectStore.head(done.result.objectKey)).toBeNull();
    expect(await objectStore.head('imports/sample.csv.gz')).not.toBeNull();
    // The sample was imported already: re-importing inserts nothing.
    expect(done.result.inserted.orders).toBe(0);
    expect(done.result.rowsRead).toBeGreaterThan(1000);
  });

  it('imports from an object-store key, 404 for a missing one', async () => {
    const res = await admin('/api/admin/import', { json: { objectKey: 'imports/sample.csv.gz' } });
    expect(res.status).toBe(202);
    expect((await waitForJob(server, (await json(res)).job.id)).status).toBe('succeeded');
    // An operator's own object stays where it was.
    expect(await objectStore.head('imports/sample.csv.gz')).not.toBeNull();
    expect((await admin('/api/admin/import', { json: { objectKey: 'imports/none.csv' } })).status).toBe(404);
    const bad = await admin('/api/admin/import', { json: { objectKey: '' } });
    expect((await json(bad)).error.details.issues[0].field).toBe('objectKey');
    // Keys that would leave the store's folder are refused as bad input, not as a server error.
    for (const objectKey of ['../../etc/passwd', '/etc/passwd', 'C:/Windows/win.ini', 'imports\\..\\secret', 'imports/a\u0000b']) {
      const refused = await admin('/api/admin/import', { json: { objectKey } });
      expect(refused.status).toBe(400);
      const error = (await json(refused)).error;
      expect(error.details.issues[0]).toMatchObject({ field: 'objectKey', message: expect.stringMatching(/Invalid object key/) });
    }
  });

  it('answers 413 for an upload over the limit and 415 for another content type', async () => {
    const big = await admin('/api/admin/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x'.repeat(3 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect((await json(big)).error.code).toBe('BODY_TOO_LARGE');
    const xml = await admin('/api/admin/import', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(xml.status).toBe(415);
  });

  it('trains through the recommendation service as a job', async () => {
    const res = await admin('/api/admin/train', { method: 'POST' });
    expect(res.status).toBe(202);
    const done = await waitForJob(server, (await json(res)).job.id);
    expect(done).toMatchObject({ kind: 'train', status: 'succeeded', result: { version: 'v-test' } });
    expect(trained).toBe(1);
    const list = await json(await admin('/api/admin/jobs'));
    expect(list.items[0].id).toBe(done.id);
    expect((await admin('/api/admin/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('starts a job by kind, refuses a second of the same kind with 409, and cancels it', async () => {
    const res = await admin('/api/admin/jobs', { json: { kind: 'segment' } });
    expect(res.status).toBe(202);
    const { job } = await json(res);
    expect(job).toMatchObject({ kind: 'segment', status: 'queued' });
    const second = await admin('/api/admin/jobs', { json: { kind: 'segment' } });
    expect(second.status).toBe(409);
    expect((await json(second)).error).toMatchObject({ code: 'CONFLICT', details: { activeJobId: job.id } });
    const cancelled = await admin(`/api/admin/jobs/${job.id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect((await waitForJob(server, job.id)).status).toBe('cancelled');
    // Over: another may start.
    const again = await admin('/api/admin/jobs', { json: { kind: 'segment' } });
    expect(again.status).toBe(202);
    await admin(`/api/admin/jobs/${(await json(again)).job.id}/cancel`, { method: 'POST' });
    expect((await admin('/api/admin/jobs/00000000-0000-4000-8000-000000000000/cancel', { method: 'POST' })).status).toBe(404);
    const unknownKind = await admin('/api/admin/jobs', { json: { kind: 'mine-bitcoin' } });
    expect(unknownKind.status).toBe(400);
    expect((await json(unknownKind)).error.details.issues[0].field).toBe('kind');
  });

  it('lists the schedules with their next run', async () => {
    expect(await json(await admin('/api/admin/schedules'))).toEqual({ items: [] });
    await server.jobs.schedule('reco-train', { cron: '0 3 * * *', kind: 'train' });
    try {
      const { items } = await json(await admin('/api/admin/schedules'));
      expect(items).toEqual([{ name: 'reco-train', cron: '0 3 * * *', kind: 'train', timezone: 'UTC', next: expect.stringMatching(/T03:00:00\.000Z$/) }]);
    } finally {
      await server.jobs.unschedule('reco-train');
    }
  });

  it('answers 503, generic, when the job queue\'s Redis cannot be reached', async () => {
    const queue = new BullJobQueue({ redisUrl: `redis://127.0.0.1:${await closedPort()}`, prefix: 'reco-test:down', commandTimeoutMs: 300 });
    const down = await startTestServer({ deps: { jobs: queue } });
    try {
      for (const res of [
        await down.call('/api/admin/jobs', { as: down.adminKey }),
        await down.call('/api/admin/jobs', { as: down.adminKey, json: { kind: 'segment' } }),
        await down.call('/api/admin/jobs/00000000-0000-4000-8000-000000000000', { as: down.adminKey }),
      ]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        const body = JSON.stringify(await json(res));
        expect(body).toMatch(/cannot be reached/);
        expect(body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|MaxRetries/);
      }
    } finally {
      await down.close();
      await queue.close();
    }
  });

  it('answers 503 for training while no trainer is registered', async () => {
    const bare = await startTestServer();
    try {
      const res = await bare.call('/api/admin/train', { as: bare.adminKey, method: 'POST' });
      expect(res.status).toBe(503);
    } finally {
      await bare.close();
    }
  });

  it('lists model versions and activates one', async () => {
    const database = db();
    await database.modelVersions.create({ name: 'recommender', version: 'v1', metrics: { ndcg: 0.2 }, objectKey: 'models/v1' });
    const v2 = await database.modelVersions.create({ name: 'recommender', version: 'v2', metrics: { ndcg: 0.25 }, objectKey: 'models/v2' });
    await database.modelVersions.activate('recommender', 'v1');
    const list = await json(await admin('/api/admin/models'));
    expect(list.items.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1']);
    const res = await admin(`/api/admin/models/${v2.id}/activate`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ version: 'v2', active: true });
    expect((await database.modelVersions.getActive('recommender'))?.version).toBe('v2');
    expect(reloads).toBe(1);
    expect((await admin('/api/admin/models/999999/activate', { method: 'POST' })).status).toBe(404);
  });

  it('flushes cache namespaces', async () => {
    const recs = server.cache.namespace('recs');
    await recs.set('17850', { items: [] });
    const res = await admin('/api/admin/cache/flush', { json: { namespaces: ['recs'] } });
    expect(await json(res)).toEqual({ flushed: ['recs'] });
    expect(await recs.get('17850')).toBeUndefined();
    const bad = await admin('/api/admin/cache/flush', { json: { namespaces: ['bad space'] } });
    expect((await json(bad)).error.details.issues[0].field).toBe('namespaces.0');
  });
});
