import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deleteKeysUnder, describeWithRedis, rawClient, REDIS_URL, uniquePrefix } from '@reco/async-cache/testing';
import { ENTRY_POINTS, startAppProcess } from './__fixtures__/app-process';

jest.setTimeout(120_000);

/** A port free a moment ago (WORKER_PORT=0 means no HTTP at all, not any port). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('worker process', () => {
  it('refuses to start without a shared queue, naming the setting', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@reco/source', ENTRY_POINTS.worker], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', JOB_QUEUE: 'in-process' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/JOB_QUEUE: must be bullmq for a worker/);
  });
});

describeWithRedis('worker process on Redis', () => {
  const prefix = uniquePrefix();
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-worker-'))));
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const redis = rawClient();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  it('serves its health and job metrics, then stops cleanly on SIGTERM', async () => {
    const worker = await startAppProcess(
      'worker',
      ENTRY_POINTS.worker,
      { NODE_ENV: 'test', DATA_DIR: dataDir, JOB_QUEUE: 'bullmq', REDIS_URL, CACHE_KEY_PREFIX: prefix, WORKER_PORT: String(await freePort()), HOST: '127.0.0.1', EXECUTOR_THREADS: '1' },
      (line) => line.msg === 'Reco worker running jobs',
    );
    try {
      expect(worker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${worker.url}/health/live`)).status).toBe(200);
      const ready = await fetch(`${worker.url}/health/ready`);
      expect(await ready.json()).toMatchObject({ checks: { database: { ok: true } } });
      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      expect(metrics).toMatch(/^reco_jobs\{status="queued"\} \d+$/m);
      expect(metrics).toMatch(/^reco_process_cpu_seconds_total /m);
      expect((await fetch(`${worker.url}/api/tools`)).status).toBe(404);
    } finally {
      expect(await worker.stop()).toBe(0);
    }
    expect(worker.lines.some((l) => l.msg === 'stopped')).toBe(true);
  });
});
