import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REDIS_URL } from '@reco/async-cache/testing';
import { ENTRY_POINTS, startAppProcess, type AppProcess, type LogLine } from './app-process';

export interface Deployment {
  backends: AppProcess[];
  workers: AppProcess[];
  adminKey: string;
  serviceKey: string;
  objectsDir: string;
  /** fetch on a backend with the admin key (JSON bodies). */
  admin(backend: AppProcess, route: string, body?: unknown): Promise<Response>;
  /** fetch on a backend with the service key. */
  service(backend: AppProcess, route: string): Promise<Response>;
  /** The worker that logged the start of this job (its first run), once one does. */
  workerRunning(jobId: string): Promise<AppProcess>;
  stop(): Promise<void>;
}

// Keys for the test only: SHA-256 hex of each, as API_KEYS wants them.
const ADMIN_KEY = 'reco_admin_scale-spec-admin-key-000000000000000';
const SERVICE_KEY = 'reco_service_scale-spec-service-key-0000000000';

/**
 * A deployment on one machine: `backends` backend processes that run no jobs and `workers`
 * worker processes, sharing one PostgreSQL database, one Redis prefix and one object-store folder.
 */
export async function startDeployment(options: { databaseUrl: string; prefix: string; backends: number; workers: number; hashKey: (key: string) => string }): Promise<Deployment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reco-deployment-'));
  const objectsDir = path.join(dataDir, 'objects');
  const shared: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    OBJECT_STORE: 'local',
    OBJECT_STORE_DIR: objectsDir,
    CACHE_BACKEND: 'tiered',
    REDIS_URL,
    CACHE_KEY_PREFIX: options.prefix,
    JOB_QUEUE: 'bullmq',
    // A killed worker's job is taken again after about two seconds, a retry starts 0.2 s later.
    JOB_LOCK_MS: '2000',
    JOB_BACKOFF_MS: '200',
    JOB_ATTEMPTS: '3',
    EXECUTOR_THREADS: '1',
    // Out of the way: a new model can only reach the other instances in time through pub/sub.
    RECO_MODEL_REFRESH_MS: '600000',
    API_KEYS: `spec-admin:admin:${options.hashKey(ADMIN_KEY)},spec-service:service:${options.hashKey(SERVICE_KEY)}`,
  };
  const listening = (line: LogLine) => typeof line['url'] === 'string' && line.msg?.startsWith('Reco backend listening') === true;
  const working = (line: LogLine) => line.msg === 'Reco worker running jobs';
  const [backends, workers] = await Promise.all([
    Promise.all(Array.from({ length: options.backends }, (_, i) => startAppProcess(`backend-${i + 1}`, ENTRY_POINTS.backend, { ...shared, PORT: '0', RUN_JOBS: 'false' }, listening))),
    Promise.all(Array.from({ length: options.workers }, (_, i) => startAppProcess(`worker-${i + 1}`, ENTRY_POINTS.worker, { ...shared, WORKER_PORT: '0', JOB_CONCURRENCY: '1' }, working))),
  ]);
  const call = (key: string) => (backend: AppProcess, route: string, body?: unknown) =>
    fetch(`${backend.url}${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    backends,
    workers,
    adminKey: ADMIN_KEY,
    serviceKey: SERVICE_KEY,
    objectsDir,
    admin: call(ADMIN_KEY),
    service: call(SERVICE_KEY),
    workerRunning: (jobId) =>
      Promise.any(workers.map(async (worker) => (await worker.waitForLine((line) => line.msg === 'job started' && line['jobId'] === jobId, 120_000), worker))),
    async stop() {
      await Promise.all([...backends, ...workers].map((p) => p.stop()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
