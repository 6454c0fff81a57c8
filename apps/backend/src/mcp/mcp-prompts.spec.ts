import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import type { RunningServer } from '../server';
import { modern, mountedMcp, withLegacyClient } from './__fixtures__/mcp-spec-clients';
import { mcpPromptsPart } from './mcp-prompts';

interface Message {
  role: string;
  content: { type: string; text?: string; resource?: { uri: string; mimeType?: string; text?: string } };
}

describe('/mcp prompts: a shopping assistant and explained recommendations, read with the caller’s rights', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  const withClient = <T>(credential: string, use: (client: Client) => Promise<T>) => withLegacyClient(server.url, credential, use);
  const customerToken = async (id: string) => (await server.tokens.issue(id)).token;
  const messagesOf = (result: { messages: unknown[] }) => result.messages as Message[];
  const textOf = (messages: Message[]) => messages.map((m) => m.content.text ?? m.content.resource?.text ?? '').join('\n');

  it('lists both prompts by name with titles and their arguments', async () => {
    await withClient(server.serviceKey, async (client) => {
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => [p.name, p.title])).toEqual([
        ['explain_recommendations', "Explain a customer's recommendations"],
        ['shopping_assistant', 'Shopping assistant'],
      ]);
      expect(prompts[1]?.arguments).toEqual([
        expect.objectContaining({ name: 'request', required: true }),
        expect.objectContaining({ name: 'customerId', required: false }),
        expect.objectContaining({ name: 'category', required: false }),
      ]);
    });
  });

  it("sets up the shopping assistant with the caller's tools, the shopper's profile and segment, and their request last", async () => {
    await withClient(await customerToken('17850'), async (client) => {
      const messages = messagesOf(await client.getPrompt({ name: 'shopping_assistant', arguments: { request: 'a gift under £10', customerId: '17850', category: 'home > lighting' } }));
      expect(messages.every((m) => m.role === 'user')).toBe(true);
      const setup = messages[0]?.content.text ?? '';
      expect(setup).toContain('- search_products: find products');
      expect(setup).toContain('- get_recommendations');
      expect(setup).not.toContain('get_segment_summary'); // staff-only: not this caller's to call
      expect(setup).toContain('Stay within the category "Home > Lighting"');
      const profile = messages.find((m) => m.content.type === 'resource');
      expect(profile?.content.resource).toMatchObject({ uri: 'reco://customers/17850/profile', mimeType: 'application/json' });
      expect(JSON.parse(profile?.content.resource?.text ?? '')).toMatchObject({ customerId: '17850', orders: 7 });
      expect(textOf(messages)).toContain('"segment":"loyal"');
      expect(messages.at(-1)?.content.text).toBe("The shopper's request:\na gift under £10");
    });
  });

  it('without a customer id, embeds no customer data', async () => {
    await withClient(server.serviceKey, async (client) => {
      const messages = messagesOf(await client.getPrompt({ name: 'shopping_assistant', arguments: { request: 'lanterns', customerId: '' } }));
      expect(messages).toHaveLength(2);
      expect(messages.some((m) => m.content.type === 'resource')).toBe(false);
      expect(messages[0]?.content.text).toContain('get_segment_summary'); // a staff key may call it
    });
  });

  it('explains recommendations with the profile as a reco:// resource and the recommendations as JSON', async () => {
    await withClient(server.serviceKey, async (client) => {
      const result = await client.getPrompt({ name: 'explain_recommendations', arguments: { customerId: '12347', count: '3' } });
      const messages = messagesOf(result);
      expect(messages[0]?.content.text).toContain('Explain why each product below is recommended to customer "12347"');
      expect(messages[1]?.content.resource).toMatchObject({ uri: 'reco://customers/12347/profile' });
      const recommendations = messages[2]?.content.text ?? '';
      expect(recommendations).toMatch(/^The recommendations \(get_recommendations, k=3\):\n/);
      expect(JSON.parse(recommendations.slice(recommendations.indexOf('\n') + 1))).toMatchObject({ userId: '12347', items: [{}, {}, {}] });
    });
  });

  it("refuses another customer's data to a customer token with -32602 naming the reason, and leaks none of it", async () => {
    await withClient(await customerToken('17850'), async (client) => {
      const own = messagesOf(await client.getPrompt({ name: 'explain_recommendations', arguments: { customerId: '17850' } }));
      expect(JSON.parse(own[2]?.content.text?.split('\n').slice(1).join('\n') ?? '').items).toHaveLength(5);

      const asks: { name: string; arguments: Record<string, string> }[] = [
        { name: 'explain_recommendations', arguments: { customerId: '12347' } },
        { name: 'shopping_assistant', arguments: { customerId: '12347', request: 'socks' } },
      ];
      for (const ask of asks) {
        const other = client.getPrompt(ask);
        await expect(other).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('may not read customer 12347'), data: { code: 'FORBIDDEN' } });
        await expect(other).rejects.not.toMatchObject({ message: expect.stringContaining('United Kingdom') });
      }
    });
  });

  it('answers an unknown prompt, a missing or unknown argument and a bad value with -32602 naming it', async () => {
    await withClient(server.serviceKey, async (client) => {
      await expect(client.getPrompt({ name: 'no_such_prompt' })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('no_such_prompt') });
      await expect(client.getPrompt({ name: 'explain_recommendations', arguments: {} })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('customerId'),
        data: { argument: 'customerId' },
      });
      await expect(client.getPrompt({ name: 'shopping_assistant', arguments: { request: '   ' } })).rejects.toMatchObject({ code: -32602, data: { argument: 'request' } });
      await expect(client.getPrompt({ name: 'shopping_assistant', arguments: { request: 'x', colour: 'red' } })).rejects.toMatchObject({ code: -32602, data: { argument: 'colour' } });
      await expect(client.getPrompt({ name: 'shopping_assistant', arguments: { request: 'x'.repeat(2_001) } })).rejects.toMatchObject({ code: -32602, data: { argument: 'request' } });
      await expect(client.getPrompt({ name: 'shopping_assistant', arguments: { request: 'x', category: 'Garden' } })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('Unknown category: Garden'),
      });
      for (const count of ['0', '21', '2.5', 'five', '0x5', '1e1', '5.0', '+3']) {
        await expect(client.getPrompt({ name: 'explain_recommendations', arguments: { customerId: '12347', count } })).rejects.toMatchObject({ code: -32602, data: { argument: 'count' } });
      }
      await expect(client.getPrompt({ name: 'explain_recommendations', arguments: { customerId: '99999' } })).rejects.toMatchObject({ code: -32602, data: { code: 'NOT_FOUND' } });
    });
  });

  it('serves the same to a 2026-07-28 client, the prompt named in Mcp-Name', async () => {
    const listed = await modern(server.url, server.serviceKey, 'prompts/list');
    expect(listed.result.prompts.map((p: { name: string }) => p.name)).toEqual(['explain_recommendations', 'shopping_assistant']);
    const got = await modern(server.url, server.serviceKey, 'prompts/get', { name: 'explain_recommendations', arguments: { customerId: '12347', count: '2' } }, 'explain_recommendations');
    expect(got.result.messages[1].content.resource.uri).toBe('reco://customers/12347/profile');
    const token = await customerToken('17850');
    const refused = await modern(server.url, token, 'prompts/get', { name: 'explain_recommendations', arguments: { customerId: '12347' } }, 'explain_recommendations');
    expect(refused.error).toMatchObject({ code: -32602, data: { code: 'FORBIDDEN' } });
    expect(refused.result).toBeUndefined();
  });
});

describe('/mcp prompts listed per caller, paged', () => {
  let server: TestServer;
  const running: RunningServer[] = [];
  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => {
    for (const r of running) await r.close(1_000);
    await server.close();
  });

  it('pages prompts/list and lists to an anonymous caller only the shopping assistant', async () => {
    const paged = await mountedMcp(server.registry, { kind: 'service', keyId: 'spec' }, [mcpPromptsPart({ pageSize: 1 })]);
    running.push(paged);
    const first = await modern(paged.url, 'unused', 'prompts/list');
    expect(first.result.prompts.map((p: { name: string }) => p.name)).toEqual(['explain_recommendations']);
    const second = await modern(paged.url, 'unused', 'prompts/list', { cursor: first.result.nextCursor });
    expect(second.result.prompts.map((p: { name: string }) => p.name)).toEqual(['shopping_assistant']);
    expect(second.result.nextCursor).toBeUndefined();

    const anonymous = await mountedMcp(server.registry, { kind: 'anonymous' }, [mcpPromptsPart()]);
    running.push(anonymous);
    expect((await modern(anonymous.url, 'unused', 'prompts/list')).result.prompts.map((p: { name: string }) => p.name)).toEqual(['shopping_assistant']);
    const got = await modern(anonymous.url, 'unused', 'prompts/get', { name: 'shopping_assistant', arguments: { request: 'a lantern' } }, 'shopping_assistant');
    expect(got.result.messages[0].content.text).toContain('search_products');
  });
});
