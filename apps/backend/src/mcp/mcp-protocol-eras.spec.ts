import express, { type NextFunction, type Request, type Response as ExpressResponse } from 'express';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { errorHandler } from '../http/error-handler';
import { startServer } from '../server';
import { mcpEndpoint } from './mcp-endpoint';
import { mcpErrorHandler } from './mcp-errors';

const MODERN = '2026-07-28';
const CLIENT_META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'reco-spec', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

interface JsonRpcAnswer {
  status: number;
  headers: Headers;
  message: {
    jsonrpc: string;
    id: unknown;
    result?: Record<string, unknown> & {
      tools?: { name: string }[];
      nextCursor?: string;
    };
    error?: { code: number; message: string; data?: unknown };
  };
}

/** One JSON-RPC exchange as a 2026-07-28 client makes it: the method (and name) in headers too, the envelope in `_meta`. */
async function modern(url: string, key: string, method: string, params: Record<string, unknown> = {}, name?: string): Promise<JsonRpcAnswer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
    ...(name ? { 'mcp-name': name } : {}),
  };
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 7,
    method,
    params: { ...params, _meta: CLIENT_META },
  });
  return parse(await fetch(`${url}/mcp`, { method: 'POST', headers, body }));
}

async function parse(res: Response): Promise<JsonRpcAnswer> {
  const text = await res.text();
  const data = res.headers.get('content-type')?.startsWith('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .at(-1)
    : text;
  return {
    status: res.status,
    headers: res.headers,
    message: JSON.parse(data ?? ''),
  };
}

describe('/mcp speaks the 2026-07-28 protocol and the 2025 ones on one endpoint', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('answers server/discover with 2026-07-28 and the server and its capabilities', async () => {
    const { status, message } = await modern(server.url, server.serviceKey, 'server/discover');
    expect(status).toBe(200);
    expect(message.result).toMatchObject({
      supportedVersions: expect.arrayContaining([MODERN]),
      capabilities: { tools: {} },
      instructions: expect.stringContaining('Reco'),
      _meta: {
        'io.modelcontextprotocol/serverInfo': { name: 'reco', title: 'Reco' },
      },
      // The same for every caller: shared caches may keep it.
      ttlMs: 300_000,
      cacheScope: 'public',
    });
  });

  it('lists tools statelessly, in a stable order by name, with a private cache hint, and calls one named in Mcp-Name', async () => {
    const first = await modern(server.url, server.serviceKey, 'tools/list');
    const names = first.message.result?.tools?.map((t) => t.name) ?? [];
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort());
    expect((await modern(server.url, server.serviceKey, 'tools/list')).message.result?.tools?.map((t) => t.name)).toEqual(names);
    expect(first.message.result).toMatchObject({
      ttlMs: 60_000,
      cacheScope: 'private',
    });

    const call = await modern(server.url, server.serviceKey, 'tools/call', { name: 'get_recommendations', arguments: { userId: '12347', k: 2 } }, 'get_recommendations');
    expect(call.message.result).toMatchObject({
      structuredContent: { userId: '12347' },
    });
  });

  it('refuses a request whose Mcp-Name header disagrees with its body', async () => {
    const res = await modern(server.url, server.serviceKey, 'tools/call', { name: 'get_recommendations', arguments: { userId: '12347', k: 2 } }, 'search_products');
    expect(res.status).toBe(400);
    // -32020: the 2026-07-28 code for headers that disagree with the body.
    expect(res.message.error).toMatchObject({ code: -32020, message: expect.stringContaining('Mcp-Name') });
    expect(res.message.result).toBeUndefined();
  });

  it('lists to a customer token only what it may call', async () => {
    const token = (await server.tokens.issue('17850')).token;
    const names = (await modern(server.url, token, 'tools/list')).message.result?.tools?.map((t) => t.name) ?? [];
    expect(names).toContain('get_user_profile');
    expect(names).not.toContain('get_segment_summary');
  });

  it('answers an unknown tool with -32602 and a failing tool with an isError result', async () => {
    const unknown = await modern(server.url, server.serviceKey, 'tools/call', { name: 'no_such_tool', arguments: {} }, 'no_such_tool');
    expect(unknown.message.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('no_such_tool'),
    });
    const bad = await modern(server.url, server.serviceKey, 'tools/call', { name: 'get_recommendations', arguments: { userId: '' } }, 'get_recommendations');
    expect(bad.message.result).toMatchObject({ isError: true });
    expect(JSON.stringify(bad.message.result)).toContain('BAD_INPUT');
  });

  it('answers malformed JSON with a JSON-RPC parse error (-32700), in both eras', async () => {
    for (const version of [MODERN, '2025-11-25']) {
      const res = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.serviceKey}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': version,
        },
        body: '{"jsonrpc":"2.0","id":1,"method":',
      });
      expect([version, res.status]).toEqual([version, 400]);
      expect(((await res.json()) as JsonRpcAnswer['message']).error).toMatchObject({ code: -32700 });
    }
  });

  it('answers every refusal of the transport with a JSON-RPC error body', async () => {
    const key = { authorization: `Bearer ${server.serviceKey}` };
    const json = { ...key, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MODERN };
    const listing = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const futureMeta = { ...CLIENT_META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' };
    const futureListing = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: futureMeta } });
    const cases: [string, RequestInit, number, number][] = [
      ['body too large', { headers: json, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'a'.repeat(1_100_000) } }) }, 413, -32000],
      ['not JSON', { headers: { ...json, 'content-type': 'text/plain' }, body: listing }, 415, -32000],
      ['no SSE in Accept', { headers: { ...key, 'content-type': 'application/json' }, body: listing }, 406, -32000],
      ['not JSON-RPC', { headers: json, body: '{"hello":1}' }, 400, -32600],
      ['unknown protocol version', { headers: { ...json, 'mcp-protocol-version': '2099-01-01', 'mcp-method': 'tools/list' }, body: futureListing }, 400, -32022],
    ];
    for (const [what, init, status, code] of cases) {
      const res = await fetch(`${server.url}/mcp`, { method: 'POST', ...init });
      const body = (await res.json()) as JsonRpcAnswer['message'];
      expect([what, res.status, body.jsonrpc, body.error?.code]).toEqual([what, status, '2.0', code]);
    }
    const unknownMethod = await modern(server.url, server.serviceKey, 'foo/bar');
    expect(unknownMethod.message.error).toMatchObject({ code: -32601 });
  });

  it('answers GET and a missing key with JSON-RPC error bodies, keeping the HTTP status', async () => {
    const get = await fetch(`${server.url}/mcp`, {
      headers: {
        authorization: `Bearer ${server.serviceKey}`,
        accept: 'text/event-stream',
      },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, data: { code: 'METHOD_NOT_ALLOWED' } },
    });
    const anonymous = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, data: { code: 'UNAUTHENTICATED' } },
    });
  });
});

describe('/mcp list paging', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('pages tools/list with opaque cursors that walk the whole list once, and refuses a cursor it did not issue', async () => {
    const app = express();
    app.use(
      '/mcp',
      (req: Request, _res: ExpressResponse, next: NextFunction) => {
        Object.assign(req, { caller: { kind: 'service', keyId: 'spec' } });
        next();
      },
      mcpEndpoint(server.registry, { pageSize: 3 }),
      mcpErrorHandler,
    );
    app.use(errorHandler);
    const running = await startServer(app, '127.0.0.1', 0);
    try {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await modern(running.url, 'unused', 'tools/list', cursor ? { cursor } : {});
        const names = page.message.result?.tools?.map((t) => t.name) ?? [];
        expect(names.length).toBeLessThanOrEqual(3);
        seen.push(...names);
        cursor = page.message.result?.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      expect(cursor).toBeUndefined();
      expect(seen).toEqual(server.registry.listFor({ kind: 'service', keyId: 'spec' }).map((t) => t.name));
      expect(pages).toBe(Math.ceil(seen.length / 3));

      const forged = await modern(running.url, 'unused', 'tools/list', {
        cursor: 'bm90LW91cnM',
      });
      expect(forged.message.error).toMatchObject({
        code: -32602,
        message: expect.stringContaining('cursor'),
      });
    } finally {
      await running.close(1_000);
    }
  });
});
