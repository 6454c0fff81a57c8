import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { generateApiKey, hashApiKey } from './auth/api-key-store';
import { startBackendProcess } from './__fixtures__/backend-process';
import { startKeepAliveLoad } from './__fixtures__/keep-alive-load';
import { startServer, type RunningServer } from './server';

const SHUTDOWN_TIMEOUT_MS = 10_000;
const CONNECTIONS = 20;

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** GET over `agent`; rejects with the socket's error (ECONNRESET, ECONNREFUSED, ...). */
function get(url: string, agent: http.Agent, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('draining the HTTP server', () => {
  let running: RunningServer;
  let entered: () => void;
  let release: () => void;
  const agents: http.Agent[] = [];
  const keepAliveAgent = () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };

  beforeEach(async () => {
    const app = express();
    app.get('/hello', (_req, res) => void res.json({ hello: 'world' }));
    // Answers once the test releases it: a request in flight for as long as the test wants.
    app.get('/held', (_req, res) => {
      const released = new Promise<void>((resolve) => (release = resolve));
      entered();
      void released.then(() => res.json({ held: true }));
    });
    app.get('/never', () => entered());
    running = await startServer(app, '127.0.0.1', 0);
  });
  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.destroy();
    running.server.closeAllConnections();
    await new Promise((resolve) => running.server.close(resolve));
  });
  const handlerEntered = () => new Promise<void>((resolve) => (entered = resolve));

  it('answers a request sent on an idle keep-alive connection as the drain begins, with Connection: close', async () => {
    const agent = keepAliveAgent();
    expect((await get(`${running.url}/hello`, agent)).connection).toBe('keep-alive');

    // The client reuses its idle connection just as the server starts closing: the classic race.
    const drained = running.close(30_000);
    const answer = await get(`${running.url}/hello`, agent);

    expect(answer).toEqual({ status: 200, connection: 'close', body: '{"hello":"world"}' });
    expect(await drained).toEqual({ answersWithConnectionClose: 1, idleConnectionsClosed: 0, busyConnectionsCut: 0 });
  });

  it('answers a request in flight with Connection: close, and refuses new connections meanwhile', async () => {
    const entry = handlerEntered();
    const inFlight = get(`${running.url}/held`, keepAliveAgent());
    await entry;

    const drained = running.close(30_000);
    await expect(get(`${running.url}/hello`, keepAliveAgent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    release();

    expect(await inFlight).toEqual({ status: 200, connection: 'close', body: '{"held":true}' });
    expect(await drained).toEqual({ answersWithConnectionClose: 1, idleConnectionsClosed: 0, busyConnectionsCut: 0 });
  });

  it('closes connections left idle, and cuts a connection still busy at the deadline', async () => {
    const idle = keepAliveAgent();
    await get(`${running.url}/hello`, idle);
    const entry = handlerEntered();
    const stuck = get(`${running.url}/never`, keepAliveAgent());
    await entry;

    const report = await running.close(200, 0);

    expect(report).toEqual({ answersWithConnectionClose: 1, idleConnectionsClosed: 1, busyConnectionsCut: 1 });
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

// A real backend process (from source, every lib) under load: slow to start on a busy machine.
describe('backend process on SIGTERM under keep-alive load', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-shutdown-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`fails readiness, drops no request of ${CONNECTIONS} busy keep-alive connections and exits well inside SHUTDOWN_TIMEOUT_MS`, async () => {
    const adminKey = generateApiKey('admin');
    const backend = await startBackendProcess({
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      API_KEYS: `spec-admin:admin:${hashApiKey(adminKey)}`,
      // Every request reaches a tool: neither a limit nor the response cache answers for it.
      RATE_LIMIT_PER_MINUTE: '0',
      RESPONSE_CACHE_MS: '0',
      EXECUTOR_THREADS: '1',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    const load = startKeepAliveLoad({
      url: backend.url,
      connections: CONNECTIONS,
      path: (_connection, request) => `/api/popular?k=${1 + (request % 20)}`,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    // Every connection open and busy: requests in flight and sockets between two requests.
    await load.warmedUp(5);
    // A balancer's probe on its own keep-alive connection, asking until it is told the backend stops.
    const probe = keepAliveProbe(`${backend.url}/health/ready`);
    await probe.answered;

    load.markSignal();
    const signalledAt = performance.now();
    const exitCode = await backend.stop();
    const exitMs = performance.now() - signalledAt;
    const outcome = await load.stop();
    const readiness = await probe.stop();
    console.info(`shutdown under load: ${JSON.stringify({ exitMs: Math.round(exitMs), exitCode, ...outcome })}`);

    expect(outcome.dropped).toEqual([]);
    expect(exitCode).toBe(0);
    expect(readiness).toEqual({ status: 503, connection: 'close', body: '{"status":"shutting_down","checks":{}}' });
    // Requests in flight at the signal were answered, each telling its client to close.
    expect(outcome.answeredAfterSignal).toBeGreaterThan(0);
    expect(outcome.closeAnnounced).toBeGreaterThan(0);
    expect(Object.keys(outcome.statuses)).toEqual(['200']);
    // Refused connections carried no request; each client is refused once, after the signal.
    expect(outcome.refusedBeforeSignal).toBe(0);
    expect(outcome.refused).toBeLessThanOrEqual(CONNECTIONS);
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS / 2);
  }, 120_000);
});

/** Asks `url` back to back on one keep-alive connection; `stop()` gives the last answer, or the error that ended it. */
function keepAliveProbe(url: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let stopped = false;
  let last: Answer | Error | undefined;
  let first: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (first = resolve));
  const loop = (async () => {
    while (!stopped) {
      try {
        last = await get(url, agent);
        first();
        // Told to close, the probe reports what it saw rather than reconnect.
        if (last.connection === 'close') return;
      } catch (err) {
        last = err as Error;
        return;
      }
    }
  })();
  return {
    answered,
    stop: async () => {
      stopped = true;
      await loop;
      agent.destroy();
      return last;
    },
  };
}
