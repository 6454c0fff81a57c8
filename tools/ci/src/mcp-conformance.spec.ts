import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// The MCP conformance step's parts that run without the suite: the report that judges a run, the
// proxy that adds the key, and the pinned install the suite comes from.
const root = path.resolve(__dirname, '../../..');
const report = path.join(root, '.ci/mcp-conformance-report.mjs');
const proxy = path.join(root, '.ci/mcp-conformance-proxy.mjs');
const pinned = path.join(root, '.ci/mcp-conformance');

describe('MCP conformance report', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mcp-conformance-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  type Checks = { id: string; status: string; errorMessage?: string }[];
  /** A run: the scenarios in the suite's log, each with its checks (undefined: a folder without checks.json). */
  function judge(scenarios: Record<string, Checks | undefined>, expectedLines: string[], suiteStatus = '0') {
    const log = Object.keys(scenarios).map((name) => `=== Running scenario: ${name} ===\nsome output\n`);
    writeFileSync(path.join(dir, 'suite.log'), log.join(''));
    for (const [name, checks] of Object.entries(scenarios)) {
      const folder = path.join(dir, 'results', `server-${name}-2026-07-28T10-00-00-000Z`);
      mkdirSync(folder, { recursive: true });
      if (checks) writeFileSync(path.join(folder, 'checks.json'), JSON.stringify(checks));
    }
    writeFileSync(path.join(dir, 'expected.txt'), ['# comment', '', ...expectedLines].join('\n'));
    const run = spawnSync('node', [report, path.join(dir, 'suite.log'), path.join(dir, 'results'), path.join(dir, 'expected.txt'), suiteStatus], { encoding: 'utf8' });
    const lines = run.stdout.trimEnd().split('\n');
    return { status: run.status, stderr: run.stderr, lines, last: lines[lines.length - 1] };
  }
  const ok: Checks = [{ id: 'a', status: 'SUCCESS' }];
  const failing: Checks = [{ id: 'b', status: 'FAILURE', errorMessage: 'no session' }];

  it('passes a run where every failure is listed with its reason', () => {
    const run = judge({ 'tools-list': ok, 'tools-call-sampling': failing }, ['tools-call-sampling   needs a session']);
    expect(run.last).toBe('MCP conformance: 1 passed, 1 expected failures, 0 unexpected');
    expect(run.status).toBe(0);
  });

  it('fails an unlisted failure and a listed scenario that passes', () => {
    const run = judge({ 'tools-list': failing, 'tools-call-sampling': ok }, ['tools-call-sampling   needs a session']);
    expect(run.lines).toContain('  UNEXPECTED FAIL   tools-list: b no session');
    expect(run.lines.some((l) => l.startsWith('  UNEXPECTED PASS   tools-call-sampling'))).toBe(true);
    expect(run.last).toBe('MCP conformance: 0 passed, 0 expected failures, 2 unexpected');
    expect(run.status).toBe(1);
  });

  it('fails a listed scenario without a reason', () => {
    const run = judge({ 'tools-call-sampling': failing }, ['tools-call-sampling']);
    expect(run.lines.some((l) => l.includes('"tools-call-sampling" names no reason'))).toBe(true);
    expect(run.status).toBe(1);
  });

  it('counts a scenario folder without checks.json as a failure naming it, listed or not, instead of crashing', () => {
    const run = judge({ 'tools-list': ok, 'server-sse-polling': undefined, 'prompts-list': undefined }, ['server-sse-polling   needs a session']);
    expect(run.stderr).toBe('');
    expect(run.lines.filter((l) => l.startsWith('  NO RESULTS'))).toEqual([
      expect.stringMatching(/^ {2}NO RESULTS {8}server-sse-polling: did not finish, .*checks\.json is missing/),
      expect.stringMatching(/^ {2}NO RESULTS {8}prompts-list: did not finish, .*checks\.json is missing/),
    ]);
    expect(run.last).toBe('MCP conformance: 1 passed, 0 expected failures, 2 unexpected');
    expect(run.status).toBe(1);
  });

  it('fails when the suite disagrees, and refuses a malformed exit status', () => {
    expect(judge({ 'tools-list': ok }, [], '1').status).toBe(1);
    const malformed = judge({ 'tools-list': ok }, [], '0x0');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/usage:/);
  });
});

describe('MCP conformance key-adding proxy', () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  let started: ChildProcess[] = [];
  beforeEach(async () => {
    // Echoes what reached it; /slow never answers.
    upstream = http.createServer((req, res) => {
      if (req.url === '/slow') return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ authorization: req.headers.authorization, host: req.headers.host, url: req.url }));
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const child of started) child.kill('SIGKILL');
    started = [];
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  /** Starts the proxy; resolves with its port once printed, or with its exit and stderr. */
  async function startProxy(env: Record<string, string>): Promise<{ port?: number; code?: number | null; stderr: string }> {
    const child = spawn('node', [proxy], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve({ port: Number(chunk.toString().trim()), stderr }));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
  }

  it('forwards a request with the key added and Host unchanged', async () => {
    const { port } = await startProxy({ UPSTREAM: upstreamUrl, API_KEY: 'secret-key' });
    const answer = await fetch(`http://127.0.0.1:${port}/mcp?x=1`, { signal: AbortSignal.timeout(5_000) });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ authorization: 'Bearer secret-key', host: `127.0.0.1:${port}`, url: '/mcp?x=1' });
  });

  it('answers 504 when the backend does not answer within PROXY_TIMEOUT_MS', async () => {
    const { port } = await startProxy({ UPSTREAM: upstreamUrl, API_KEY: 'secret-key', PROXY_TIMEOUT_MS: '300' });
    const startedAt = Date.now();
    const answer = await fetch(`http://127.0.0.1:${port}/slow`, { signal: AbortSignal.timeout(5_000) });
    expect(answer.status).toBe(504);
    expect(await answer.text()).toMatch(/no complete answer from the backend within 300 ms/);
    expect(Date.now() - startedAt).toBeLessThan(3_000);
  });

  it.each([
    [{ API_KEY: 'k' }, /UPSTREAM must be http:\/\/host:port/],
    [{ UPSTREAM: 'http://127.0.0.1', API_KEY: 'k' }, /UPSTREAM must be http:\/\/host:port/],
    [{ UPSTREAM: 'http://127.0.0.1:1' }, /API_KEY must be set/],
    [{ UPSTREAM: 'http://127.0.0.1:1', API_KEY: 'k', PROXY_TIMEOUT_MS: '1e3' }, /PROXY_TIMEOUT_MS must be a whole number/],
  ])('refuses to start on bad settings %j, saying why on stderr and printing no port', async (env, reason) => {
    const started = await startProxy(env);
    expect(started.port).toBeUndefined();
    expect(started.code).toBe(2);
    expect(started.stderr).toMatch(reason);
  });
});

describe('MCP conformance suite install', () => {
  const manifest = JSON.parse(readFileSync(path.join(pinned, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(path.join(pinned, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; integrity?: string; dependencies?: Record<string, string>; link?: boolean }>;
  };

  it('pins the suite exactly, and the lockfile matches the manifest', () => {
    expect(Object.keys(manifest.dependencies)).toEqual(['@modelcontextprotocol/conformance']);
    expect(manifest.dependencies['@modelcontextprotocol/conformance']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(lock.packages['']?.dependencies).toEqual(manifest.dependencies);
    expect(lock.packages['node_modules/@modelcontextprotocol/conformance']?.version).toBe(manifest.dependencies['@modelcontextprotocol/conformance']);
  });

  it('locks every dependency to a version and its integrity hash', () => {
    const installed = Object.entries(lock.packages).filter(([where]) => where !== '');
    expect(installed.length).toBeGreaterThan(1);
    expect(installed.filter(([, entry]) => !entry.version || !entry.integrity || entry.link).map(([where]) => where)).toEqual([]);
  });

  it('stays outside the root workspace', () => {
    const workspaces = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    expect(workspaces.length).toBeGreaterThan(0);
    // Each glob starts at a named top folder, none of them .ci or tmp (a leading `*` would reach both).
    const topFolders = workspaces.map((glob) => glob.split('/')[0]);
    expect(topFolders.filter((folder) => folder === undefined || folder.includes('*') || folder === '.ci' || folder === 'tmp')).toEqual([]);
  });
});
