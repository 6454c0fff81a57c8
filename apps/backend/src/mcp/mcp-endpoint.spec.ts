import { request } from 'node:http';
import express from 'express';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadConfig } from '@reco/runtime';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { errorHandler } from '../http/error-handler';
import { startServer } from '../server';
import { lastJsonRpcMessage } from './__fixtures__/mcp-spec-clients';
import { mcpEndpoint } from './mcp-endpoint';
import { mcpErrorHandler } from './mcp-errors';
import { mcpOriginPolicy } from './mcp-origin-guard';

describe('/mcp: the tool registry as an MCP server', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  async function connect(credential: string | null): Promise<Client> {
    const client = new Client({ name: 'reco-spec', version: '1.0.0' });
    const headers: Record<string, string> = credential ? { Authorization: `Bearer ${credential}` } : {};
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
    return client;
  }

  it("lists Reco's tools with their schemas and calls one with the key's identity", async () => {
    const client = await connect(server.serviceKey);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['search_products', 'get_recommendations', 'get_segment_summary']));
      const recs = tools.find((t) => t.name === 'get_recommendations');
      expect(recs?.inputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['userId', 'k']) });

      const result = await client.callTool({ name: 'get_recommendations', arguments: { userId: '12347', k: 2 } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ userId: '12347', items: [expect.any(Object), expect.any(Object)] });
      expect(JSON.parse((result.content as { text: string }[])[0]?.text ?? '')).toMatchObject({ userId: '12347' });
    } finally {
      await client.close();
    }
  });

  it("keeps a customer token to its own customer's data", async () => {
    const client = await connect((await server.tokens.issue('17850')).token);
    try {
      const own = await client.callTool({ name: 'get_user_segment', arguments: { userId: '17850' } });
      expect(own.isError).toBeFalsy();
      const other = await client.callTool({ name: 'get_user_segment', arguments: { userId: '12347' } });
      expect(other.isError).toBe(true);
      expect((other.content as { text: string }[])[0]?.text ?? '').toContain('FORBIDDEN');
    } finally {
      await client.close();
    }
  });

  it('refuses a client without a key with 401', async () => {
    await expect(connect(null)).rejects.toMatchObject({ code: 401, message: expect.stringContaining('UNAUTHENTICATED') });
    const raw = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(raw.status).toBe(401);
  });
});

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'reco-spec', version: '1.0.0' } },
});

/** POST to /mcp with exactly these headers (fetch will not send a Host of our choosing). */
function postMcp(url: string, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/mcp`, { method, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? INITIALIZE : undefined);
  });
}

describe('/mcp: DNS-rebinding protection (Host and Origin)', () => {
  let server: TestServer;
  let port: string;
  beforeAll(async () => {
    server = await startTestServer();
    port = new URL(server.url).port;
  });
  afterAll(() => server.close());
  const withKey = (headers: Record<string, string>) => ({ authorization: `Bearer ${server.serviceKey}`, ...headers });

  it('refuses, with a valid key, a request addressed to a foreign host or sent from a foreign origin: 403 JSON', async () => {
    const foreignHost = await postMcp(server.url, withKey({ host: 'evil.example.com' }));
    expect(foreignHost.status).toBe(403);
    expect(JSON.parse(foreignHost.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000, data: { code: 'FORBIDDEN', message: expect.stringContaining('MCP_ALLOWED_HOSTS') } } });
    expect((await postMcp(server.url, withKey({ host: `evil.example.com:${port}` }))).status).toBe(403);
    // Nothing else belongs in a Host header: a user-info trick does not pass for 127.0.0.1.
    expect((await postMcp(server.url, withKey({ host: 'evil.example.com@127.0.0.1' }))).status).toBe(403);
    const foreignOrigin = await postMcp(server.url, withKey({ origin: 'http://evil.example.com' }));
    expect(foreignOrigin.status).toBe(403);
    expect(JSON.parse(foreignOrigin.body).error).toMatchObject({ code: -32000, data: { code: 'FORBIDDEN', message: expect.stringContaining('CORS_ORIGINS') } });
    expect((await postMcp(server.url, withKey({ origin: 'null' }))).status).toBe(403);
    // The rebinding case: the page's own name in both headers.
    expect((await postMcp(server.url, withKey({ host: `evil.example.com:${port}`, origin: `http://evil.example.com:${port}` }))).status).toBe(403);
    expect((await postMcp(server.url, withKey({ host: 'evil.example.com' }), 'GET')).status).toBe(403);
  });

  it('answers loopback hosts, with no Origin (non-browser clients) or a loopback page as Origin', async () => {
    const allowed: Record<string, string>[] = [{}, { host: `localhost:${port}` }, { origin: `http://127.0.0.1:${port}` }, { host: `localhost:${port}`, origin: 'http://localhost:6274' }];
    for (const headers of allowed) {
      const res = await postMcp(server.url, withKey(headers));
      expect([headers, res.status]).toEqual([headers, 200]);
      expect(lastJsonRpcMessage<{ result: { serverInfo: { name: string } } }>(res.body).result.serverInfo.name).toBe('reco');
    }
  });

  it('answers the host names and origins it is configured with, and nothing else', async () => {
    const policy = mcpOriginPolicy({ HOST: '0.0.0.0', MCP_ALLOWED_HOSTS: 'reco.example.com, API.Example.org', CORS_ORIGINS: 'https://shop.example' });
    const app = express();
    app.use(express.json());
    app.use('/mcp', mcpEndpoint(server.registry, { origins: policy }), mcpErrorHandler);
    app.use(errorHandler);
    const running = await startServer(app, '127.0.0.1', 0);
    try {
      const status = async (headers: Record<string, string>) => (await postMcp(running.url, headers)).status;
      expect(await status({ host: 'reco.example.com' })).toBe(200);
      expect(await status({ host: 'api.example.org:443' })).toBe(200);
      expect(await status({ host: 'reco.example.com', origin: 'https://shop.example' })).toBe(200);
      expect(await status({ host: 'reco.example.com', origin: 'https://reco.example.com' })).toBe(200);
      expect(await status({ host: 'evil.example.com' })).toBe(403);
      expect(await status({ host: '0.0.0.0' })).toBe(403);
      expect(await status({ host: 'reco.example.com', origin: 'https://evil.example.com' })).toBe(403);
      expect(await status({ host: 'reco.example.com', origin: 'https://shop.example.evil.com' })).toBe(403);
    } finally {
      await running.close(1_000);
    }
  });

  it('derives the allowed hosts from HOST when it names one interface', () => {
    expect([...mcpOriginPolicy({ HOST: '127.0.0.1' }).hosts].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    expect([...mcpOriginPolicy({ HOST: '0.0.0.0' }).hosts].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    expect([...mcpOriginPolicy({ HOST: '::' }).hosts].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    expect(mcpOriginPolicy({ HOST: '10.0.0.5' }).hosts.has('10.0.0.5')).toBe(true);
    expect(mcpOriginPolicy({ HOST: 'fd00::5' }).hosts.has('[fd00::5]')).toBe(true);
    expect(() => loadConfig({ MCP_ALLOWED_HOSTS: 'https://reco.example.com' })).toThrow(/MCP_ALLOWED_HOSTS/);
    expect(() => loadConfig({ MCP_ALLOWED_HOSTS: 'reco.example.com:443' })).toThrow(/MCP_ALLOWED_HOSTS/);
    expect(loadConfig({ MCP_ALLOWED_HOSTS: 'reco.example.com, [fd00::5]' }).MCP_ALLOWED_HOSTS).toBe('reco.example.com, [fd00::5]');
  });
});
