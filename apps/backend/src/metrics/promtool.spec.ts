import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closedPort, deleteKeysUnder, describeWithRedis, rawClient, REDIS_URL, uniquePrefix } from '@reco/async-cache/testing';
import { startBackendProcess, type BackendProcess } from '../__fixtures__/backend-process';

// Real processes from source (every lib, TF.js): slow on a busy machine.
jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const ADMIN_KEY = 'reco_admin_promtool-spec-admin-key-00000000000000';
const apiKeys = `spec-admin:admin:${createHash('sha256').update(ADMIN_KEY).digest('hex')}`;

/** promtool from PROMTOOL, PATH, or where .ci/ensure-promtool.sh unpacks it. */
function findPromtool(): string | undefined {
  const candidates = [
    process.env['PROMTOOL'],
    ...(process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'promtool')),
    path.join(repoRoot, 'tmp/promtool/promtool'),
  ];
  return candidates.find((file): file is string => {
    if (!file) return false;
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const promtool = findPromtool();

/** `describe` when promtool is there; otherwise skipped with a printed reason, or failing loudly when CI=true. */
function describeWithPromtool(name: string, body: () => void): void {
  if (promtool) return describe(name, body);
  const reason = 'promtool not found (PROMTOOL, PATH, tmp/promtool/promtool); `bash .ci/ensure-promtool.sh` installs it';
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs promtool', () => {
        throw new Error(`${reason}; CI=true, so the metrics check must not be skipped`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${reason}.`);
  describe.skip(name, body);
}

/** `promtool check metrics` on a scrape: its exit code and every problem it names. */
function checkMetrics(exposition: string): { status: number | null; problems: string } {
  const run = spawnSync(promtool ?? 'promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  return { status: run.status, problems: `${run.stdout}${run.stderr}`.trim() };
}

/** Names of the metrics a scrape declares (its TYPE lines). */
const declaredNames = (exposition: string) => [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);

const asAdmin = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...init.headers },
});

describeWithPromtool('promtool check metrics on /metrics', () => {
  describe('a backend process', () => {
    let dataDir: string;
    let backend: BackendProcess | undefined;
    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'reco-promtool-'));
      backend = await startBackendProcess({ PORT: '0', DATA_DIR: dataDir, API_KEYS: apiKeys, JOB_ATTEMPTS: '1' });
    });
    afterAll(async () => {
      await backend?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('finds no problem after clients asked for unknown tools, /mcp/ and odd paths, and jobs ran', async () => {
      const url = backend?.url ?? '';
      for (const name of ['no_such_tool', 'test_image_content']) {
        expect((await fetch(`${url}/api/tools/${name}`, asAdmin({ method: 'POST', body: '{}' }))).status).toBe(404);
      }
      for (const mcp of ['/mcp', '/mcp/']) {
        const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: `made_up_over${mcp.replaceAll('/', '_')}`, arguments: {} } };
        await fetch(`${url}${mcp}`, asAdmin({ method: 'POST', body: JSON.stringify(call) }));
        await fetch(`${url}${mcp}`, { method: 'POST' });
      }
      await fetch(`${url}/api/no/such/path`, asAdmin());
      // Job figures with samples: one job that succeeds and one that fails (nothing to train on).
      for (const kind of ['reindex', 'train']) {
        const started = await fetch(`${url}/api/admin/jobs`, asAdmin({ method: 'POST', body: JSON.stringify({ kind }) }));
        expect(started.status).toBe(202);
        const { job } = (await started.json()) as { job: { id: string } };
        let status = '';
        for (const until = Date.now() + 60_000; !['succeeded', 'failed', 'cancelled'].includes(status); await new Promise((r) => setTimeout(r, 100))) {
          if (Date.now() > until) throw new Error(`the ${kind} job is still ${status} after 60 s`);
          status = ((await (await fetch(`${url}/api/admin/jobs/${job.id}`, asAdmin())).json()) as { status: string }).status;
        }
      }

      const exposition = await (await fetch(`${url}/metrics`)).text();
      expect(exposition).toMatch(/^reco_job_duration_seconds_count\{kind="reindex",status="succeeded"\} 1$/m);
      expect(exposition).toMatch(/^reco_jobs_failed_total\{kind="train"\} 1$/m);
      expect(exposition).toMatch(/^reco_tool_errors_total\{tool="unknown",code="UNKNOWN_TOOL"\} [1-9]/m);
      expect(exposition).not.toMatch(/no_such_tool|test_image_content|made_up_over/);
      expect(declaredNames(exposition).filter((name) => !name?.startsWith('reco_'))).toEqual([]);
      expect(checkMetrics(exposition)).toEqual({ status: 0, problems: '' });
    });
  });

  describeWithRedis('a worker process', () => {
    const prefix = uniquePrefix();
    let dataDir: string;
    afterAll(async () => {
      const redis = rawClient();
      await deleteKeysUnder(redis, prefix);
      redis.disconnect();
    });
    beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-promtool-worker-'))));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('finds no problem', async () => {
      const port = await closedPort();
      const worker = spawn(process.execPath, ['--import', 'tsx', '--conditions=@reco/source', path.join(repoRoot, 'apps/worker/src/main.ts')], {
        cwd: repoRoot,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', DATA_DIR: dataDir, JOB_QUEUE: 'bullmq', REDIS_URL, CACHE_KEY_PREFIX: prefix, HOST: '127.0.0.1', WORKER_PORT: String(port), EXECUTOR_THREADS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      worker.stdout.on('data', (chunk: Buffer) => (output += chunk));
      worker.stderr.on('data', (chunk: Buffer) => (output += chunk));
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      try {
        let exposition: string | undefined;
        for (const until = Date.now() + 120_000; exposition === undefined && worker.exitCode === null && Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
          exposition = await fetch(`http://127.0.0.1:${port}/metrics`).then((res) => (res.ok ? res.text() : undefined), () => undefined);
        }
        if (exposition === undefined) throw new Error(`the worker served no /metrics:\n${output.slice(-4_000)}`);
        expect(exposition).toMatch(/^reco_jobs\{status="queued"\} 0$/m);
        expect(declaredNames(exposition).filter((name) => !name?.startsWith('reco_'))).toEqual([]);
        expect(checkMetrics(exposition)).toEqual({ status: 0, problems: '' });
      } finally {
        worker.kill('SIGTERM');
        await exited;
      }
    });
  });
});
