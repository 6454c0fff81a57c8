import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { STAND_IN_CATEGORIES } from '../__fixtures__/stand-in-tools';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { modern, withLegacyClient } from './__fixtures__/mcp-spec-clients';
import { CUSTOMER_LISTING_TIMEOUT_MS } from './mcp-completion-customers';

type Ref = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

const PRODUCT = { type: 'ref/resource', uri: 'reco://products/{productId}' } as const;
const PROFILE = { type: 'ref/resource', uri: 'reco://customers/{customerId}/profile' } as const;
const ASSISTANT = { type: 'ref/prompt', name: 'shopping_assistant' } as const;
const EXPLAIN = { type: 'ref/prompt', name: 'explain_recommendations' } as const;

describe('/mcp completion: product ids, categories and customer ids, per caller', () => {
  let server: TestServer;
  // With the sample database: the customer list staff complete over is the shop's.
  beforeAll(async () => (server = await startTestServer({ database: true })));
  afterAll(() => server.close());

  const withClient = <T>(credential: string, use: (complete: (ref: Ref, name: string, value: string) => ReturnType<Client['complete']>) => Promise<T>) =>
    withLegacyClient(server.url, credential, (client) => use((ref, name, value) => client.complete({ ref, argument: { name, value } })));

  it('completes a product id by prefix, letter case ignored, in code order, with the total', async () => {
    await withClient(server.serviceKey, async (complete) => {
      expect((await complete(PRODUCT, 'productId', '2')).completion).toEqual({ values: ['21730', '22633', '22752'], total: 3, hasMore: false });
      expect((await complete(PRODUCT, 'productId', '85123a')).completion).toEqual({ values: ['85123A'], total: 1, hasMore: false });
      expect((await complete(PRODUCT, 'productId', '9')).completion).toEqual({ values: [], total: 0, hasMore: false });
      expect((await complete(PRODUCT, 'productId', '')).completion.values).toHaveLength(6);
    });
  });

  it('completes a category of the shopping assistant from the catalogue, letter case and spacing ignored', async () => {
    await withClient(server.serviceKey, async (complete) => {
      expect((await complete(ASSISTANT, 'category', 'home')).completion).toEqual({ values: ['Home', 'Home > Lighting', 'Home > Storage'], total: 3, hasMore: false });
      expect((await complete(ASSISTANT, 'category', 'HOME  >  ST')).completion.values).toEqual(['Home > Storage']);
      expect((await complete(ASSISTANT, 'category', '')).completion.values).toEqual(STAND_IN_CATEGORIES.map((c) => c.name));
      // Arguments with nothing to offer complete to nothing.
      expect((await complete(ASSISTANT, 'request', 'a gi')).completion.values).toEqual([]);
      expect((await complete(EXPLAIN, 'count', '1')).completion.values).toEqual([]);
    });
  });

  it('completes customer ids for staff over the customer list: the id itself included, at most 100 with hasMore', async () => {
    await withClient(server.serviceKey, async (complete) => {
      const first = (await complete(EXPLAIN, 'customerId', '')).completion;
      expect(first.values).toHaveLength(100);
      const id = first.values[42] ?? '';
      const exact = (await complete(EXPLAIN, 'customerId', id)).completion;
      expect(exact.values[0]).toBe(id);
      expect(exact.values.every((v) => v.startsWith(id))).toBe(true);

      const prefix = id.slice(0, 3);
      const some = (await complete(PROFILE, 'customerId', prefix)).completion;
      expect(some.values.length).toBeGreaterThan(1);
      expect(some.values.every((v) => v.startsWith(prefix))).toBe(true);
      expect(some.values).toEqual([...some.values].sort());
      expect(some.values).toContain(id);
      expect(some.values).toEqual(expect.arrayContaining(first.values.filter((v) => v.startsWith(prefix))));

      const many = (await complete(PROFILE, 'customerId', '1')).completion;
      expect(many.values).toHaveLength(100);
      expect(many.hasMore).toBe(true);
      expect(many.values.every((id) => id.startsWith('1'))).toBe(true);
      expect((await complete(PROFILE, 'customerId', 'zz')).completion).toEqual({ values: [], total: 0, hasMore: false });
    });
  });

  it('completes a customer token only to its own id', async () => {
    const token = (await server.tokens.issue('17850')).token;
    await withClient(token, async (complete) => {
      expect((await complete(PROFILE, 'customerId', '17')).completion).toEqual({ values: ['17850'], total: 1, hasMore: false });
      expect((await complete(ASSISTANT, 'customerId', '')).completion.values).toEqual(['17850']);
      expect((await complete(EXPLAIN, 'customerId', '1234')).completion).toEqual({ values: [], total: 0, hasMore: false });
    });
  });

  it('answers an unknown prompt, template or argument with -32602', async () => {
    await withClient(server.serviceKey, async (complete) => {
      await expect(complete({ type: 'ref/prompt', name: 'nope' }, 'x', '')).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('nope') });
      await expect(complete({ type: 'ref/resource', uri: 'reco://orders/{orderId}' }, 'orderId', '')).rejects.toMatchObject({ code: -32602 });
      await expect(complete(PRODUCT, 'customerId', '')).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('customerId') });
      await expect(complete(ASSISTANT, 'colour', '')).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('colour') });
      // A fixed resource has nothing to complete.
      expect((await complete({ type: 'ref/resource', uri: 'reco://catalog/categories' }, 'x', '')).completion.values).toEqual([]);
    });
  });

  it('serves the same to a 2026-07-28 client', async () => {
    const answer = await modern(server.url, server.serviceKey, 'completion/complete', { ref: PRODUCT, argument: { name: 'productId', value: '22' } });
    expect(answer.result.completion).toEqual({ values: ['22633', '22752'], total: 2, hasMore: false });
    const discovered = await modern(server.url, server.serviceKey, 'server/discover');
    expect(discovered.result.capabilities).toMatchObject({ completions: {}, prompts: {}, resources: {} });
    const unknown = await modern(server.url, server.serviceKey, 'completion/complete', { ref: { type: 'ref/prompt', name: 'nope' }, argument: { name: 'x', value: '' } });
    expect(unknown.error).toMatchObject({ code: -32602 });
  });
});

describe('/mcp completion when the customer list is absent, slow or failing', () => {
  const complete = (url: string, key: string) => modern(url, key, 'completion/complete', { ref: PROFILE, argument: { name: 'customerId', value: '1' } });

  it('completes customer ids to nothing for staff on a server without a customer list', async () => {
    const server = await startTestServer();
    try {
      expect((await complete(server.url, server.serviceKey)).result.completion).toEqual({ values: [], total: 0, hasMore: false });
    } finally {
      await server.close();
    }
  });

  it('answers -32603 with a generic message when the list fails or does not answer in time, never its details', async () => {
    const failing = await startTestServer({ services: { customerProfiles: async () => ({ listCustomers: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:5432')) }) } });
    const silent = await startTestServer({ services: { customerProfiles: async () => ({ listCustomers: () => new Promise<never>(() => undefined) }) } });
    try {
      const failed = await complete(failing.url, failing.serviceKey);
      expect(failed.error).toMatchObject({ code: -32603, message: expect.stringContaining('Customer ids could not be listed') });
      expect(JSON.stringify(failed.error)).not.toContain('10.0.0.7');
      const started = Date.now();
      const late = await complete(silent.url, silent.serviceKey);
      expect(late.error).toMatchObject({ code: -32603 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(CUSTOMER_LISTING_TIMEOUT_MS - 50);
    } finally {
      await failing.close();
      await silent.close();
    }
  });
});
