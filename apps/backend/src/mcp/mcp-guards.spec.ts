import { Writable } from 'node:stream';
import pino from 'pino';
import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { standInTools } from '../__fixtures__/stand-in-tools';
import { modern } from './__fixtures__/mcp-spec-clients';

const SECRET = 'connect ECONNREFUSED 10.0.0.7:5432 (the-secret)';

/** A logger whose lines the spec reads. */
function capturedLogger(): { logger: pino.Logger; lines: () => string } {
  let text = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
  return { logger: pino({ level: 'warn' }, sink), lines: () => text };
}

describe('/mcp: an unexpected failure in a handler', () => {
  let server: TestServer;
  const log = capturedLogger();
  beforeAll(
    async () =>
      (server = await startTestServer({
        deps: { logger: log.logger },
        services: {
          customerProfiles: async () => {
            throw new Error(SECRET);
          },
        },
      })),
  );
  afterAll(() => server.close());

  it('is logged with its request id and answered with a generic -32603 naming that id, never its own message', async () => {
    const res = await modern(server.url, server.serviceKey, 'completion/complete', {
      ref: { type: 'ref/prompt', name: 'explain_recommendations' },
      argument: { name: 'customerId', value: '1' },
    });
    expect(res.error).toMatchObject({ code: -32603, message: expect.stringMatching(/^Internal error \(request [^)]+\); the details are in the server's log$/) });
    expect(JSON.stringify(res)).not.toContain('10.0.0.7');
    const requestId = /request ([^)]+)\)/.exec(res.error?.message ?? '')?.[1];
    expect(log.lines()).toContain(SECRET);
    expect(log.lines()).toContain(String(requestId));
  });
});

describe('/mcp: a request the SDK finds malformed', () => {
  let server: TestServer;
  const log = capturedLogger();
  beforeAll(async () => (server = await startTestServer({ deps: { logger: log.logger } })));
  afterAll(() => server.close());

  it('is the client\'s mistake: -32602 saying what is wrong, and no error in the log', async () => {
    const cases: [string, Record<string, unknown>, string?][] = [
      ['prompts/get', { name: 5 }, '5'],
      ['resources/read', { uri: 5 }, '5'],
      ['completion/complete', { ref: { type: 'nope' } }],
      ['tools/list', { cursor: 5 }],
    ];
    for (const [method, params, name] of cases) {
      const res = await modern(server.url, server.serviceKey, method, params, name);
      expect([method, res.error?.code, res.error?.message]).toEqual([method, -32602, expect.not.stringContaining('Internal error')]);
    }
    expect(log.lines()).not.toContain('MCP handler failed');
  });
});

describe('/mcp: the body limit', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ deps: { bodyLimit: 10_000 } })));
  afterAll(() => server.close());

  it('is the server BODY_LIMIT_BYTES at /mcp as at /api: a larger body is 413 with a JSON-RPC error', async () => {
    const res = await modern(server.url, server.serviceKey, 'tools/list', { pad: 'a'.repeat(100_000) });
    expect(res.status).toBe(413);
    expect(res.error).toMatchObject({ code: -32000 });
    expect((await modern(server.url, server.serviceKey, 'tools/list', { pad: 'a'.repeat(1_000) })).status).toBe(200);
  });
});

describe('/mcp: the shopping_assistant prompt', () => {
  let server: TestServer;
  const registry = new ToolRegistry().register(
    ...standInTools(),
    defineTool({
      name: 'start_training',
      title: 'Start a training run',
      description: 'Starts a training run.',
      access: 'admin',
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      input: z.object({}),
      output: z.object({ started: z.boolean() }),
      execute: async () => ({ started: true }),
    }),
  );
  beforeAll(async () => (server = await startTestServer({ deps: { registry } })));
  afterAll(() => server.close());

  it('offers an admin the tools that read, never one that changes the shop', async () => {
    const res = await modern(server.url, server.adminKey, 'prompts/get', { name: 'shopping_assistant', arguments: { request: 'a red mug' } }, 'shopping_assistant');
    const text = JSON.stringify(res.result);
    expect(text).toContain('search_products');
    expect(text).not.toContain('start_training');
  });
});
