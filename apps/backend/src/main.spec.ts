import { spawn } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const repoRoot = path.resolve(__dirname, '../../..');
// Node itself with tsx's hooks, not the tsx binary: that binary runs the entry point in a child and,
// on a busy machine, SIGKILLs it when the child's reply to a relayed SIGTERM takes over 30 ms (exit 143).
const SOURCE_ARGS = ['--import', 'tsx', '--conditions=@reco/source'];
const mainTs = path.join(__dirname, 'main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real backend entry point from source, as `npm run` users and CI do. */
function startBackend(env: Record<string, string>, onLine?: (line: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...SOURCE_ARGS, mainTs], {
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

/** Command lines of the processes a process started (Linux: every thread's children list). */
function childCommandLines(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean))
    .map((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' '));
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
    let backendChildren: string[] = ['not read'];
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
          backendChildren = childCommandLines(child.pid ?? -1).filter((line) => line.includes('main.ts'));
          child.kill('SIGTERM');
        })();
      }
    });
    expect(readyStatus).toBe(200);
    expect(apiStatus).toBe(401);
    expect(withKeyStatus).toBe(200);
    expect(wrongKeyStatus).toBe(401);
    expect(searchState).toBe('ready');
    // The signal reaches the backend itself, not a launcher whose child runs main.ts (tsx's CLI does,
    // and on a busy machine kills that child with SIGKILL when relaying the signal takes over 30 ms).
    expect(backendChildren).toEqual([]);
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
