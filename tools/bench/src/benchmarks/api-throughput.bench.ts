import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '@reco/data';
import { defineBenchmark } from '../benchmark';
import { round } from '../stats';

const CONNECTIONS = 50;
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 25;
const repoRoot = path.resolve(__dirname, '../../../..');
// The shipped Online Retail sample (what @reco/data's tests import).
const SAMPLE_CSV = path.join(repoRoot, 'libs/data/sample/online-retail-sample.csv.gz');

// The baseline: Express answering a constant JSON, in its own process like the backend.
const BARE_EXPRESS = `
const express = require('express');
const app = express();
app.disable('x-powered-by');
app.get('/constant', (_req, res) => res.json({ ok: true, items: [1, 2, 3] }));
app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering ${url}`);
    const ok = await fetch(url, { headers }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The backend as `npm start` runs it: compiled JS under node, not the TypeScript sources under tsx. */
function buildBackend(): string {
  execFileSync(path.join(repoRoot, 'node_modules/.bin/nx'), ['run', 'backend:build', '--outputStyle=static'], {
    cwd: repoRoot,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return path.join(repoRoot, 'apps/backend/dist/main.js');
}

/** Trains the recommender through the admin API and waits for the job, so the route answers from a model. */
async function trainThroughApi(baseUrl: string, headers: Record<string, string>, timeoutMs = 300_000): Promise<void> {
  const started = await fetch(`${baseUrl}/api/admin/train`, { method: 'POST', headers });
  if (started.status !== 202) throw new Error(`POST /api/admin/train answered ${started.status}: ${await started.text()}`);
  const { job: accepted } = (await started.json()) as { job: { id: string } };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = (await (await fetch(`${baseUrl}/api/admin/jobs/${accepted.id}`, { headers })).json()) as { status: string; message?: string };
    if (job.status === 'succeeded') return;
    if (job.status === 'failed') throw new Error(`training failed: ${job.message}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`training did not finish within ${timeoutMs} ms`);
}

function load(url: string, headers: Record<string, string>, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
}

/**
 * `npm run bench -- api-throughput [seconds]`: the real backend (built as `npm start` builds it,
 * real composition, embedded defaults, the shipped sample imported and a model trained, production
 * mode with a service key) against a bare
 * Express constant-JSON route, both on loopback at 50 connections, one after the other.
 */
export default defineBenchmark({
  name: 'api-throughput',
  description: 'Cached GET /api/users/:id/recommendations vs a bare Express constant-JSON route (autocannon, 50 connections)',
  async run(args) {
    const seconds = Number(args[0] ?? 10);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reco-bench-api-'));
    const children: ChildProcess[] = [];
    try {
      const db = await openDatabase({ url: `file:${path.join(dataDir, 'reco.db')}` });
      await db.migrate();
      await db.importer.import(SAMPLE_CSV);
      const customerId = (await db.customers.list({ limit: 1 }))[0]?.id;
      await db.close();
      if (!customerId) throw new Error('the sample has no customers');

      const serviceKey = `reco_service_${randomBytes(32).toString('base64url')}`;
      const adminKey = `reco_admin_${randomBytes(32).toString('base64url')}`;
      const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
      const auth = { authorization: `Bearer ${serviceKey}` };
      const backendPort = await freePort();
      const backend = spawn(process.execPath, [buildBackend()], {
        cwd: repoRoot,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '',
          NODE_ENV: 'production',
          PORT: String(backendPort),
          DATA_DIR: dataDir,
          API_KEYS: `bench:service:${sha256(serviceKey)},bench-admin:admin:${sha256(adminKey)}`,
          // Request logs off (warn): the figure is the API's, not the log pipe's.
          LOG_LEVEL: 'warn',
          RATE_LIMIT_PER_MINUTE: '10000000',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(backend);
      const barePort = await freePort();
      const bare = spawn(process.execPath, ['-e', BARE_EXPRESS], { cwd: repoRoot, env: { ...process.env, PORT: String(barePort) }, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(bare);

      const backendUrl = `http://127.0.0.1:${backendPort}`;
      const recsUrl = `${backendUrl}/api/users/${customerId}/recommendations?k=10`;
      const bareUrl = `http://127.0.0.1:${barePort}/constant`;
      await waitFor(`${backendUrl}/health/ready`, backend);
      await waitFor(bareUrl, bare);
      await trainThroughApi(backendUrl, { authorization: `Bearer ${adminKey}` });
      const check = await fetch(recsUrl, { headers: auth });
      if (!check.ok) throw new Error(`${recsUrl} answered ${check.status}: ${await check.text()}`);
      const body = (await check.json()) as { strategy?: string; items?: unknown[] };

      // Warm both (JIT, the recommendation cache), let start-up work in the backend's workers
      // (search index, segments) settle, then measure each in turn.
      await load(recsUrl, auth, 2);
      await load(bareUrl, {}, 2);
      await new Promise((r) => setTimeout(r, 5_000));
      const bareRun = await load(bareUrl, {}, seconds);
      const apiRun = await load(recsUrl, auth, seconds);

      const apiErrors = apiRun.errors + apiRun.timeouts + apiRun.non2xx;
      const ratio = apiRun.requests.average / bareRun.requests.average;
      const apiP99 = apiRun.latency.p99;
      console.log(`bare express constant JSON: ${round(bareRun.requests.average, 0)} req/s, p99 ${bareRun.latency.p99} ms`);
      console.log(`GET /api/users/:id/recommendations (cached): ${round(apiRun.requests.average, 0)} req/s, p99 ${apiP99} ms`);
      console.log(`ratio ${round(ratio, 3)} (target >= ${TARGET_RATIO}), p99 ${apiP99} ms (target <= ${TARGET_P99_MS})`);
      return {
        bench: 'api-throughput',
        connections: CONNECTIONS,
        seconds,
        customerId,
        strategy: body.strategy ?? null,
        items: body.items?.length ?? 0,
        bareRps: round(bareRun.requests.average, 0),
        bareP99Ms: bareRun.latency.p99,
        apiRps: round(apiRun.requests.average, 0),
        apiP50Ms: apiRun.latency.p50,
        apiP99Ms: apiP99,
        apiErrors,
        ratio: round(ratio, 3),
        targetRatio: TARGET_RATIO,
        targetP99Ms: TARGET_P99_MS,
        // Other processes on the machine skew both figures; this says how busy it was.
        loadAverage1m: round(loadavg()[0] ?? 0, 2),
        pass: ratio >= TARGET_RATIO && apiP99 <= TARGET_P99_MS && apiErrors === 0,
      };
    } finally {
      for (const child of children) child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});
