import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TcpProxy } from '@reco/async-cache/testing/tcp-proxy';
import { SAMPLE_CSV } from '@reco/data';
import { freePort } from '../scale/backend-server';
import { repoRoot, type BuiltApps } from '../scale/built-apps';
import { temporaryPostgresDatabase } from '../scale/postgres-database';

export interface FaultBackend {
  name: string;
  url: string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  exited(): boolean;
}

export interface FaultDeployment {
  backends: FaultBackend[];
  redis: TcpProxy;
  postgres: TcpProxy;
  serviceKey: string;
  /** Direct to the database (not through the proxy), for the final count. */
  databaseUrl: string;
  close(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Two built backends on one PostgreSQL database and one Redis, each reached through a TCP proxy
 * the benchmark can kill; the shipped sample shop imported and a model trained (via the CLI).
 */
export async function startFaultDeployment(apps: BuiltApps, redisPort = 6379): Promise<FaultDeployment> {
  const database = await temporaryPostgresDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reco-bench-faults-'));
  const direct = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DATABASE_URL: database.url, OBJECT_STORE: 'local', OBJECT_STORE_DIR: path.join(dataDir, 'objects') };
  for (const args of [['db', 'migrate'], ['import', 'online-retail', SAMPLE_CSV], ['train']]) {
    execFileSync(process.execPath, [apps.cli, ...args], { cwd: repoRoot, env: direct, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const redis = new TcpProxy('127.0.0.1', redisPort);
  const dbUrl = new URL(database.url);
  const postgres = new TcpProxy(dbUrl.hostname, Number(dbUrl.port || 5432));
  await Promise.all([redis.start(), postgres.start()]);
  const serviceKey = `reco_service_${randomBytes(24).toString('base64url')}`;
  const env = {
    ...direct,
    DATABASE_URL: postgres.through(database.url),
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    CACHE_BACKEND: 'tiered',
    CACHE_KEY_PREFIX: `reco-bench-faults:${randomUUID().slice(0, 8)}:`,
    API_KEYS: `bench:service:${sha256(serviceKey)}`,
    RATE_LIMIT_PER_MINUTE: '0',
    HOST: '127.0.0.1',
  };
  const backends = await Promise.all(['A', 'B'].map(async (name) => startBackend(apps.backend, name, { ...env, PORT: String(await freePort()) })));
  return {
    backends,
    redis,
    postgres,
    serviceKey,
    databaseUrl: database.url,
    async close() {
      await Promise.all(backends.map((b) => b.stop()));
      await Promise.all([redis.kill(), postgres.kill()]);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startBackend(backendJs: string, name: string, env: NodeJS.ProcessEnv): Promise<FaultBackend> {
  const child: ChildProcess = spawn(process.execPath, [backendJs], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(`[backend ${name}] ${chunk}`));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[backend ${name}] ${chunk}`));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${env['PORT']}`;
  const backend: FaultBackend = {
    name,
    url,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      if (!backend.exited()) child.kill('SIGTERM');
      return exit;
    },
  };
  let last = '';
  for (const until = Date.now() + 120_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    if (backend.exited()) throw new Error(`backend ${name} exited before it was ready`);
    const res = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (res?.ok) return backend;
    last = res ? `${res.status} ${await res.text()}` : 'no answer';
  }
  await backend.stop();
  throw new Error(`backend ${name} was not ready within 120 s; /health/ready: ${last}`);
}
