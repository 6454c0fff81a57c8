import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { CLIENT_META, MODERN, modern, mountedMcp, type JsonRpcError } from './__fixtures__/mcp-spec-clients';

/** A JSON-RPC answer's body as read from fetch. */
interface JsonRpcBody {
  jsonrpc: string;
  error?: JsonRpcError;
}

interface ToolsPage {
  tools?: { name: string }[];
  nextCursor?: string;
}

describe('/mcp speaks the 2026-07-28 protocol and the 2025 ones on one endpoint', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('answers server/discover with 2026-07-28 and the server and its capabilities', async () => {
    const { status, result } = await modern(server.url, server.serviceKey, 'server/discover');
    expect(status).toBe(200);
    expect(result).toMatchObject({
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
    const first = await modern<ToolsPage>(server.url, server.serviceKey, 'tools/list');
    const names = first.result?.tools?.map((t) => t.name) ?? [];
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort());
    expect((await modern<ToolsPage>(server.url, server.serviceKey, 'tools/list')).result?.tools?.map((t) => t.name)).toEqual(names);
    expect(first.result).toMatchObject({
      ttlMs: 60_000,
      cacheScope: 'private',
    });

    const call = await modern(server.url, server.serviceKey, 'tools/call', { name: 'get_recommendations', arguments: { userId: '12347', k: 2 } }, 'get_recommendations');
    expect(call.result).toMatchObject({
      structuredContent: { userId: '12347' },
    });
  });

  it('refuses a request whose Mcp-Name header disagrees with its body', async () => {
    const res = await modern(server.url, server.serviceKey, 'tools/call', { name: 'get_recommendations', arguments: { userId: '12347', k: 2 } }, 'search_products');
    expect(res.status).toBe(400);
    // -32020: the 2026-07-28 code for headers that disagree with the body.
    expect(res.error).toMatchObject({ code: -32020, message: expect.stringContaining('Mcp-Name') });
    expect(res.result).toBeUndefined();
  });

  it('lists to a customer token only what it may call', async () => {
    const token = (await server.tokens.issue('17850')).token;
    const names = (await modern<ToolsPage>(server.url, token, 'tools/list')).result?.tools?.map((t) => t.name) ?? [];
    expect(names).toContain('get_user_profile');
    expect(names).not.toContain('get_segment_summary');
  });

  it('answers an unknown tool with -32602 and a failing tool with an isError result', async () => {
    const unknown = await modern(server.url, server.serviceKey, 'tools/call', { name: 'no_such_tool', arguments: {} }, 'no_such_tool');
    expect(unknown.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('no_such_tool'),
    });
    const bad = await modern(server.url, server.serviceKey, 'tools/call', { name: 'get_recommendations', arguments: { userId: '' } }, 'get_recommendations');
    expect(bad.result).toMatchObject({ isError: true });
    expect(JSON.stringify(bad.result)).toContain('BAD_INPUT');
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
      expect(((await res.json()) as JsonRpcBody).error).toMatchObject({ code: -32700 });
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
      const body = (await res.json()) as JsonRpcBody;
      expect([what, res.status, body.jsonrpc, body.error?.code]).toEqual([what, status, '2.0', code]);
    }
    const unknownMethod = await modern(server.url, server.serviceKey, 'foo/bar');
    expect(unknownMethod.error).toMatchObject({ code: -32601 });
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
    const running = await mountedMcp(server.registry, { kind: 'service', keyId: 'spec' }, [], { pageSize: 3 });
    try {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await modern<ToolsPage>(running.url, 'unused', 'tools/list', cursor ? { cursor } : {});
        const names = page.result?.tools?.map((t) => t.name) ?? [];
        expect(names.length).toBeLessThanOrEqual(3);
        seen.push(...names);
        cursor = page.result?.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      expect(cursor).toBeUndefined();
      expect(seen).toEqual(server.registry.listFor({ kind: 'service', keyId: 'spec' }).map((t) => t.name));
      expect(pages).toBe(Math.ceil(seen.length / 3));

      const forged = await modern(running.url, 'unused', 'tools/list', {
        cursor: 'bm90LW91cnM',
      });
      expect(forged.error).toMatchObject({
        code: -32602,
        message: expect.stringContaining('cursor'),
      });
    } finally {
      await running.close(1_000);
    }
  });
});
