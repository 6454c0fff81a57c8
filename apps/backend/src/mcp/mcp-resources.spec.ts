import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { STAND_IN_CATEGORIES, STAND_IN_SEGMENTS, toolCalls } from '../__fixtures__/stand-in-tools';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import type { RunningServer } from '../server';
import { modern, mountedMcp, withLegacyClient } from './__fixtures__/mcp-spec-clients';
import { mcpResourcesPart } from './mcp-resources';

interface TextContents {
  uri: string;
  mimeType?: string;
  text: string;
}

const TEMPLATES = ['reco://customers/{customerId}/profile', 'reco://customers/{customerId}/purchases', 'reco://products/{productId}'];

describe('/mcp resources: Reco data read through the tools, with the caller’s rights', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  const withClient = <T>(credential: string, use: (client: Client) => Promise<T>) => withLegacyClient(server.url, credential, use);
  const contentsOf = (result: { contents: unknown[] }) => result.contents as TextContents[];
  const customerToken = async (id: string) => (await server.tokens.issue(id)).token;

  it('lists to staff the categories and the segment summary, and the three templates, in a stable order', async () => {
    await withClient(server.serviceKey, async (client) => {
      const { resources } = await client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(['reco://catalog/categories', 'reco://segments/summary']);
      expect(resources[0]).toMatchObject({ name: 'catalog-categories', title: 'Catalogue categories', mimeType: 'application/json' });
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(TEMPLATES);
      expect(resourceTemplates.every((t) => t.mimeType === 'application/json')).toBe(true);
    });
  });

  it('lists to a customer token its own profile and purchases beside the categories, never the segment summary', async () => {
    await withClient(await customerToken('17850'), async (client) => {
      const { resources } = await client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(['reco://catalog/categories', 'reco://customers/17850/profile', 'reco://customers/17850/purchases']);
      expect(resources[1]).toMatchObject({ name: 'my-profile', title: 'Your profile' });
      expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(TEMPLATES);
    });
  });

  it('reads a product, the categories and the segment summary as JSON text from their tools', async () => {
    await withClient(server.serviceKey, async (client) => {
      const [product] = contentsOf(await client.readResource({ uri: 'reco://products/85123A' }));
      expect(product).toMatchObject({ uri: 'reco://products/85123A', mimeType: 'application/json' });
      expect(JSON.parse(product?.text ?? '')).toMatchObject({ productId: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER' });
      const [categories] = contentsOf(await client.readResource({ uri: 'reco://catalog/categories' }));
      expect(JSON.parse(categories?.text ?? '')).toEqual({ categories: STAND_IN_CATEGORIES });
      const [summary] = contentsOf(await client.readResource({ uri: 'reco://segments/summary' }));
      expect(JSON.parse(summary?.text ?? '').segments).toContainEqual({ segment: 'loyal', count: STAND_IN_SEGMENTS.loyal });
      const [purchases] = contentsOf(await client.readResource({ uri: 'reco://customers/12347/purchases' }));
      expect(JSON.parse(purchases?.text ?? '')).toMatchObject({ userId: '12347', orders: [{ invoiceNo: '536365' }, { invoiceNo: '536366' }] });
    });
  });

  it("keeps a customer token to its own customer: another's profile and the staff-only summary are -32602 FORBIDDEN, with no data", async () => {
    await withClient(await customerToken('17850'), async (client) => {
      const [own] = contentsOf(await client.readResource({ uri: 'reco://customers/17850/profile' }));
      expect(JSON.parse(own?.text ?? '')).toMatchObject({ customerId: '17850' });

      const before = toolCalls.get('get_user_profile') ?? 0;
      const other = client.readResource({ uri: 'reco://customers/12347/profile' });
      await expect(other).rejects.toMatchObject({ code: -32602, data: { code: 'FORBIDDEN' } });
      await expect(other).rejects.not.toMatchObject({ message: expect.stringContaining('United Kingdom') });
      // The stand-in counts the call and refuses before reading (as the real tools do).
      expect(toolCalls.get('get_user_profile')).toBe(before + 1);
      await expect(client.readResource({ uri: 'reco://segments/summary' })).rejects.toMatchObject({ code: -32602, data: { code: 'FORBIDDEN' } });
    });
  });

  it('answers a URI that names nothing with resource-not-found (-32602 with data.uri), a malformed id with -32602', async () => {
    await withClient(server.serviceKey, async (client) => {
      for (const uri of ['reco://products/NOPE', 'reco://customers/99999/profile', 'reco://orders/1', 'https://example.com/x', 'reco://products/a/b']) {
        await expect(client.readResource({ uri })).rejects.toMatchObject({ code: -32602, data: { uri } });
      }
      await expect(client.readResource({ uri: 'reco://products/%E0%A4%A' })).rejects.toMatchObject({ code: -32602, data: { code: 'BAD_INPUT' } });
      await expect(client.readResource({ uri: 'reco://customers/%20/profile' })).rejects.toMatchObject({ code: -32602, data: { code: 'BAD_INPUT' } });
      await expect(client.readResource({ uri: `reco://products/${'x'.repeat(3_000)}` })).rejects.toMatchObject({ code: -32602 });
    });
  });

  it('serves the same to a 2026-07-28 client: lists, and a read named in Mcp-Name', async () => {
    const listed = await modern(server.url, server.serviceKey, 'resources/list');
    expect(listed.result.resources.map((r: { uri: string }) => r.uri)).toEqual(['reco://catalog/categories', 'reco://segments/summary']);
    const templates = await modern(server.url, server.serviceKey, 'resources/templates/list');
    expect(templates.result.resourceTemplates.map((t: { uriTemplate: string }) => t.uriTemplate)).toEqual(TEMPLATES);

    const uri = 'reco://products/71053';
    const read = await modern(server.url, server.serviceKey, 'resources/read', { uri }, uri);
    expect(read.status).toBe(200);
    expect(JSON.parse(read.result.contents[0].text)).toMatchObject({ productId: '71053' });

    const token = await customerToken('17850');
    const forbidden = await modern(server.url, token, 'resources/read', { uri: 'reco://customers/12347/purchases' }, 'reco://customers/12347/purchases');
    expect(forbidden.error).toMatchObject({ code: -32602, data: { code: 'FORBIDDEN' } });
    const missing = await modern(server.url, server.serviceKey, 'resources/read', { uri: 'reco://products/NOPE' }, 'reco://products/NOPE');
    expect(missing.error).toMatchObject({ code: -32602, data: { uri: 'reco://products/NOPE' } });
  });

  it('declares resources without subscriptions', async () => {
    const discovered = await modern(server.url, server.serviceKey, 'server/discover');
    expect(discovered.result.capabilities.resources).toEqual({});
  });
});

describe('/mcp resources: lists per caller, paged', () => {
  let server: TestServer;
  const running: RunningServer[] = [];
  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => {
    for (const r of running) await r.close(1_000);
    await server.close();
  });
  const mount = async (caller: Parameters<typeof mountedMcp>[1], pageSize?: number) => {
    const started = await mountedMcp(server.registry, caller, [mcpResourcesPart({ pageSize })]);
    running.push(started);
    return started.url;
  };

  it('walks the whole list once with opaque cursors, in the same order as unpaged, and refuses a forged cursor', async () => {
    const url = await mount({ kind: 'customer', customerId: '17850' }, 1);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await modern(url, 'unused', 'resources/list', cursor ? { cursor } : {});
      expect(page.result.resources).toHaveLength(1);
      seen.push(page.result.resources[0].uri);
      cursor = page.result.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['reco://catalog/categories', 'reco://customers/17850/profile', 'reco://customers/17850/purchases']);
    expect(cursor).toBeUndefined();

    const templates = await modern(url, 'unused', 'resources/templates/list');
    expect(templates.result.resourceTemplates).toHaveLength(1);
    expect(templates.result.nextCursor).toEqual(expect.any(String));
    const forged = await modern(url, 'unused', 'resources/list', { cursor: 'bm90LW91cnM' });
    expect(forged.error).toMatchObject({ code: -32602, message: expect.stringContaining('cursor') });
  });

  it('shows an anonymous caller only the categories and the product template, and reads it a product', async () => {
    const url = await mount({ kind: 'anonymous' });
    expect((await modern(url, 'unused', 'resources/list')).result.resources.map((r: { uri: string }) => r.uri)).toEqual(['reco://catalog/categories']);
    const templates = await modern(url, 'unused', 'resources/templates/list');
    expect(templates.result.resourceTemplates.map((t: { uriTemplate: string }) => t.uriTemplate)).toEqual(['reco://products/{productId}']);
    const read = await modern(url, 'unused', 'resources/read', { uri: 'reco://products/22752' }, 'reco://products/22752');
    expect(JSON.parse(read.result.contents[0].text)).toMatchObject({ productId: '22752' });
    const profile = await modern(url, 'unused', 'resources/read', { uri: 'reco://customers/17850/profile' }, 'reco://customers/17850/profile');
    expect(profile.error).toMatchObject({ code: -32602, data: { code: 'FORBIDDEN' } });
  });

  it('leaves out what this server does not serve: a resource whose tool is not registered is neither listed nor found', async () => {
    const partial = await startTestServer({ omitTools: ['list_categories', 'get_product'] });
    try {
      const started = await mountedMcp(partial.registry, { kind: 'service', keyId: 'spec' }, [mcpResourcesPart()]);
      running.push(started);
      expect((await modern(started.url, 'unused', 'resources/list')).result.resources.map((r: { uri: string }) => r.uri)).toEqual(['reco://segments/summary']);
      const templates = await modern(started.url, 'unused', 'resources/templates/list');
      expect(templates.result.resourceTemplates.map((t: { uriTemplate: string }) => t.uriTemplate)).not.toContain('reco://products/{productId}');
      const read = await modern(started.url, 'unused', 'resources/read', { uri: 'reco://catalog/categories' }, 'reco://catalog/categories');
      expect(read.error).toMatchObject({ code: -32602, data: { uri: 'reco://catalog/categories' } });
    } finally {
      await partial.close();
    }
  });
});
