import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DATA_TOKENS, importedDatabaseCopy, type DatabaseCopy } from '@reco/data';
import { SAMPLE_CSV } from '@reco/data/testing';
import type { JobQueue, JobView } from '@reco/jobs';
import { RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import type { DependencyContainer } from 'tsyringe';
import { createContainer, disposeContainer } from '../composition-root';
import { loadConfig } from '../config';
import { RUNTIME_TOKENS } from '../tokens';
import { startJobConsumer } from './job-consumer';

jest.setTimeout(120_000);

async function finished(queue: JobQueue, job: JobView): Promise<JobView> {
  for (;;) {
    const view = await queue.get(job.id);
    if (view && ['succeeded', 'failed', 'cancelled'].includes(view.status)) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the jobs on the embedded defaults (in-process queue, sample shop)', () => {
  let dataDir: string;
  let copy: DatabaseCopy;
  let container: DependencyContainer;
  let queue: JobQueue;
  const run = async (kind: string) => finished(queue, await queue.submit(kind, {}, { exclusive: true }));

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'reco-jobs-'));
    copy = await importedDatabaseCopy(SAMPLE_CSV, path.join(dataDir, 'template.db'), 'reco-jobs-db-');
    container = createContainer(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: copy.url, EXECUTOR_THREADS: '1', PRECOMPUTE_CHUNK_SIZE: '1000', RECO_HOLDOUT_DAYS: '0' }), {
      logger: pino({ level: 'silent' }),
    });
    await startJobConsumer(container);
    queue = container.resolve(RUNTIME_TOKENS.JobQueue);
  });
  afterAll(async () => {
    await disposeContainer(container);
    copy.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to precompute before any model is trained, for good', async () => {
    expect(await run('precompute')).toMatchObject({ status: 'failed', attempts: 1, message: expect.stringMatching(/no trained model/) });
  });

  it('trains, then precomputes every customer in chunks that the queue runs as jobs of their own', async () => {
    const trained = await run('train');
    expect(trained).toMatchObject({ status: 'succeeded', result: { version: expect.any(String), metrics: expect.any(Object) } });
    const version = (trained.result as { version: string }).version;
    const db = await container.resolve(DATA_TOKENS.Database).get();
    const customers = await db.customers.count();

    const precomputed = await run('precompute');
    expect(precomputed).toMatchObject({ status: 'succeeded', result: { modelVersion: version, customers, chunks: Math.ceil(customers / 1000) } });
    const chunks = (await queue.list(1_000)).filter((j) => j.kind === 'precompute-chunk');
    expect(chunks).toHaveLength(Math.ceil(customers / 1000));
    expect(chunks.every((j) => j.status === 'succeeded')).toBe(true);
    const someone = (await db.customers.list({ limit: 1 }))[0]?.id ?? '';
    expect(await container.resolve(RECOMMENDATION_TOKENS.Service).recommend(someone, { k: 5 })).toMatchObject({ modelVersion: version });
  });

  it('segments customers and rebuilds the search index', async () => {
    expect(await run('segment')).toMatchObject({ status: 'succeeded', result: { customers: expect.any(Number) } });
    const reindexed = await run('reindex');
    expect(reindexed.status).toBe('succeeded');
    expect((reindexed.result as { products: number }).products).toBeGreaterThan(100);
  });
});
