import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { createHybridAgentFactory, InMemorySessionStore } from '@reco/agent';
import { defineTool, SEGMENT_NAMES } from '@reco/base-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

/**
 * Shop-wide segment sizes as a capability that carries its own rule, `staff`, as
 * get_segment_summary does: every door must give a customer token the same refusal.
 */
const staffOnlySegments = defineTool({
  name: 'get_segment_summary',
  description: 'Every customer segment with its size',
  access: 'staff',
  input: z.object({}),
  output: z.object({ segments: z.array(z.object({ segment: z.string(), customers: z.number().int() })) }),
  execute: async () => ({ segments: SEGMENT_NAMES.map((segment) => ({ segment, customers: 10 })) }),
});

describe('one access rule per capability, whichever door', () => {
  let server: TestServer;
  let alice: string;
  beforeAll(async () => {
    const sessionStore = new InMemorySessionStore();
    server = await startTestServer({
      omitTools: ['get_segment_summary'],
      // The real agent (rule planner), over the server's registry.
      services: { agentFactory: async () => createHybridAgentFactory({ registry: server.registry, sessionStore }) },
    });
    server.registry.register(staffOnlySegments);
    alice = (await server.tokens.issue('17850')).token;
  });
  afterAll(() => server.close());

  async function mcpClient(credential: string): Promise<Client> {
    const client = new Client({ name: 'reco-spec', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${credential}` } } }));
    return client;
  }

  it('refuses a customer token at the HTTP route, /api/tools, MCP and the agent alike', async () => {
    const route = await server.call('/api/segments', { as: alice });
    expect(route.status).toBe(403);

    const generic = await server.call('/api/tools/get_segment_summary', { as: alice, json: {} });
    expect(generic.status).toBe(403);
    expect((await json(generic)).error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('service or admin key') });

    const client = await mcpClient(alice);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('get_segment_summary');
      const viaMcp = await client.callTool({ name: 'get_segment_summary', arguments: {} });
      expect(viaMcp.isError).toBe(true);
      expect((viaMcp.content as { text: string }[])[0]?.text ?? '').toContain('FORBIDDEN');
    } finally {
      await client.close();
    }

    const chat = await server.call('/api/agent/chat', { as: alice, json: { message: 'show me the customer segments overview' } });
    expect(chat.status).toBe(200);
    const turn = await json(chat);
    expect(turn.toolCalls).toEqual([expect.objectContaining({ name: 'get_segment_summary', ok: false })]);
    expect(JSON.stringify(turn)).not.toContain('potential_loyalists');

    const listed = (await json(await server.call('/api/tools', { as: alice }))).tools.map((t: { name: string }) => t.name);
    expect(listed).not.toContain('get_segment_summary');
    expect(listed).toContain('search_products');
  });

  it('answers a service key at every door, and lists the rule with the tool', async () => {
    expect((await server.call('/api/segments')).status).toBe(200);
    expect((await server.call('/api/tools/get_segment_summary', { json: {} })).status).toBe(200);
    const client = await mcpClient(server.serviceKey);
    try {
      expect((await client.callTool({ name: 'get_segment_summary', arguments: {} })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
    const chat = await json(await server.call('/api/agent/chat', { json: { message: 'show me the customer segments overview' } }));
    expect(chat.toolCalls).toEqual([expect.objectContaining({ name: 'get_segment_summary', ok: true })]);
    const listed = (await json(await server.call('/api/tools'))).tools;
    expect(listed.find((t: { name: string }) => t.name === 'get_segment_summary')).toMatchObject({ access: 'staff' });
  });
});
