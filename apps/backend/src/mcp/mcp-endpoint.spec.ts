import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';

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
