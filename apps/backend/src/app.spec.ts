import pino from 'pino';
import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import type { HealthCheck } from '@reco/runtime';
import { createApp } from './app';
import { type RunningServer, startServer } from './server';

// Response bodies are read loosely: each test asserts the shape it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (res: Response): Promise<any> => res.json();

const add = defineTool({
  name: 'add_numbers',
  description: 'Adds two numbers',
  input: z.object({ a: z.number(), b: z.number().max(1_000) }),
  output: z.object({ sum: z.number() }),
  execute: async ({ a, b }) => ({ sum: a + b }),
});

const slow = defineTool({
  name: 'slow_tool',
  description: 'Sleeps longer than its timeout',
  input: z.object({}),
  output: z.object({}),
  timeoutMs: 50,
  execute: (_input, ctx) =>
    new Promise((resolve) => {
      const t = setTimeout(() => resolve({}), 5_000);
      ctx.signal.addEventListener('abort', () => clearTimeout(t));
    }),
});

const whoami = defineTool({
  name: 'whoami',
  description: 'Tells the caller kind',
  input: z.object({}),
  output: z.object({ kind: z.string() }),
  execute: async (_input, ctx) => ({ kind: ctx.caller.kind }),
});

let healthy = true;
const dbCheck: HealthCheck = {
  name: 'database',
  check: async () => {
    if (!healthy) throw new Error('connection refused');
    return { provider: 'sqlite' };
  },
};

describe('backend HTTP API', () => {
  let running: RunningServer;

  beforeAll(async () => {
    const registry = new ToolRegistry().register(add, slow, whoami);
    const app = createApp({ logger: pino({ level: 'silent' }), registry, healthChecks: [dbCheck], bodyLimit: 1024 });
    running = await startServer(app, '127.0.0.1', 0);
  });

  afterAll(() => running.close(1_000));

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('lists the registered tools with their JSON schemas', async () => {
    const res = await fetch(`${running.url}/api/tools`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.tools.map((t: { name: string }) => t.name)).toEqual(['add_numbers', 'slow_tool', 'whoami']);
    expect(body.tools[0]).toMatchObject({
      description: 'Adds two numbers',
      inputSchema: { type: 'object', required: ['a', 'b'] },
      outputSchema: { type: 'object' },
    });
  });

  it('invokes a tool and answers its envelope', async () => {
    const res = await post('/api/tools/add_numbers', { a: 2, b: 3 });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true, data: { sum: 5 }, ms: expect.any(Number) });
  });

  it('answers 400 BAD_INPUT naming each bad field', async () => {
    const res = await post('/api/tools/add_numbers', { a: 'two', b: 5_000 });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('BAD_INPUT');
    expect(body.error.details.issues.map((i: { field: string }) => i.field).sort()).toEqual(['a', 'b']);
  });

  it('answers 404 UNKNOWN_TOOL for a tool it does not have', async () => {
    const res = await post('/api/tools/nope', {});
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('UNKNOWN_TOOL');
  });

  it('answers 504 TIMEOUT when a tool runs past its timeout', async () => {
    const started = Date.now();
    const res = await post('/api/tools/slow_tool', {});
    expect(res.status).toBe(504);
    expect((await json(res)).error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('treats HTTP callers as anonymous until authentication says otherwise', async () => {
    const res = await post('/api/tools/whoami', {});
    expect((await json(res)).data).toEqual({ kind: 'anonymous' });
  });

  it('answers JSON errors for malformed JSON, oversized bodies and unknown routes', async () => {
    const bad = await post('/api/tools/add_numbers', '{"a": 1,');
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ error: { code: 'BAD_JSON', message: 'Request body is not valid JSON' } });

    const big = await post('/api/tools/add_numbers', { a: 1, b: 2, pad: 'x'.repeat(2_000) });
    expect(big.status).toBe(413);
    expect((await json(big)).error.code).toBe('BODY_TOO_LARGE');

    const missing = await fetch(`${running.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/json/);
    expect((await json(missing)).error).toEqual({ code: 'NOT_FOUND', message: 'No route for GET /nowhere' });
  });

  it('echoes a well-formed request id and makes one otherwise', async () => {
    const given = await fetch(`${running.url}/health/live`, { headers: { 'x-request-id': 'shop-req-42' } });
    expect(given.headers.get('x-request-id')).toBe('shop-req-42');
    const made = await fetch(`${running.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is live regardless of dependencies, ready only when they answer', async () => {
    expect((await fetch(`${running.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${running.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await json(ready)).toMatchObject({ status: 'ok', checks: { database: { ok: true, provider: 'sqlite' } } });

    healthy = false;
    try {
      const degraded = await fetch(`${running.url}/health/ready`);
      expect(degraded.status).toBe(503);
      expect(await json(degraded)).toMatchObject({ status: 'degraded', checks: { database: { ok: false, error: 'connection refused' } } });
    } finally {
      healthy = true;
    }
  });
});

describe('graceful close', () => {
  it('lets an in-flight request finish and refuses new connections', async () => {
    const express = (await import('express')).default;
    const app = express();
    app.get('/slow', (_req, res) => {
      setTimeout(() => res.json({ done: true }), 300);
    });
    const running = await startServer(app, '127.0.0.1', 0);
    const inFlight = fetch(`${running.url}/slow`).then((r) => json(r));
    await new Promise((r) => setTimeout(r, 50));
    const closed = running.close(5_000);
    expect(await inFlight).toEqual({ done: true });
    await closed;
    await expect(fetch(`${running.url}/slow`)).rejects.toThrow();
  });
});
