import { spawn } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const repoRoot = path.resolve(__dirname, '../../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
const mainTs = path.join(__dirname, 'main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real backend entry point from source, as `npm run` users and CI do. */
function startBackend(env: Record<string, string>, onLine?: (line: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(tsx, ['--conditions=@reco/source', mainTs], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      for (const line of chunk.toString().split('\n')) if (line.trim()) onLine?.(line, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each test starts the whole backend from source (every lib, TF.js): slow on a busy machine.
jest.setTimeout(90_000);

describe('backend process', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-backend-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start on a bad setting and names the variable', async () => {
    const run = await startBackend({ PORT: 'eighty', DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Invalid configuration: PORT: .*"eighty"/);
  });

  it('serves, then shuts down cleanly on SIGTERM', async () => {
    let readyStatus = 0;
    let apiStatus = 0;
    let withKeyStatus = 0;
    let wrongKeyStatus = 0;
    let searchState: unknown;
    const wrongKey = 'reco_admin_this-key-does-not-exist-0000000000000';
    const run = await startBackend({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' }, (line, child) => {
      if (!line.startsWith('{')) return; // the one plain line: where the local keys were written
      const entry = JSON.parse(line) as { url?: string; msg?: string };
      if (entry.url) {
        const url = entry.url;
        void (async () => {
          readyStatus = (await fetch(`${url}/health/live`)).status;
          apiStatus = (await fetch(`${url}/api/tools`)).status;
          const key = /RECO_ADMIN_KEY=(\S+)/.exec(readFileSync(path.join(dataDir, 'local-api-keys.txt'), 'utf8'))?.[1];
          withKeyStatus = (await fetch(`${url}/api/tools`, { headers: { authorization: `Bearer ${key}` } })).status;
          wrongKeyStatus = (await fetch(`${url}/api/tools`, { headers: { authorization: `Bearer ${wrongKey}` } })).status;
          // The search index is built at start, before anyone searches.
          for (let i = 0; i < 100 && searchState !== 'ready'; i++) {
            const report = (await (await fetch(`${url}/health/ready`)).json()) as { checks: Record<string, { state?: unknown }> };
            searchState = report.checks['search']?.state;
            if (searchState !== 'ready') await new Promise((resolve) => setTimeout(resolve, 200));
          }
          child.kill('SIGTERM');
        })();
      }
    });
    expect(readyStatus).toBe(200);
    expect(apiStatus).toBe(401);
    expect(withKeyStatus).toBe(200);
    expect(wrongKeyStatus).toBe(401);
    expect(searchState).toBe('ready');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/"msg":"stopped"/);
    // First start on the embedded default: local credentials, announced once, keys never logged.
    const keysFile = path.join(dataDir, 'local-api-keys.txt');
    expect(run.stdout).toContain(`local API keys written to ${keysFile}`);
    const adminKey = /RECO_ADMIN_KEY=(\S+)/.exec(readFileSync(keysFile, 'utf8'))?.[1] ?? 'missing';
    // Request logs carry headers: credentials in them are redacted, valid or not.
    expect(run.stdout).toMatch(/"authorization":"\[Redacted\]"/);
    expect(run.stdout).not.toContain(adminKey);
    expect(run.stdout).not.toContain(wrongKey);
    expect(statSync(path.join(dataDir, 'credentials.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses to start in production without API keys, naming the variable', async () => {
    const run = await startBackend({ PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/API_KEYS: is required when NODE_ENV=production/);
  });
});
