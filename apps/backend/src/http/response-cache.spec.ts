import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import { toolCalls } from '../__fixtures__/stand-in-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

// The real app with the response cache on; the stand-in tools count their calls, so a request
// answered from the cache is one that added no call.
describe('response cache for cacheable GET routes', () => {
  let server: TestServer;
  const calls = (tool: string) => toolCalls.get(tool) ?? 0;
  const recs = (id: string, as?: string | null) => server.call(`/api/users/${id}/recommendations?k=3`, as === undefined ? {} : { as });

  beforeAll(async () => {
    server = await startTestServer({ database: true, toolDelayMs: 1, deps: { responseCacheMs: 60_000 } });
  });
  afterAll(() => server.close());

  it('answers a repeated request from the stored JSON without calling the tool again, with a fresh recommendationId', async () => {
    const first = await (await recs('12346')).text();
    const before = calls('get_recommendations');
    const second = await recs('12346');
    expect(second.status).toBe(200);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await second.text();
    const idOf = (body: string) => (JSON.parse(body) as { recommendationId: string }).recommendationId;
    expect(idOf(text)).toMatch(/^[0-9a-f-]{36}$/);
    expect(idOf(text)).not.toBe(idOf(first));
    // Byte for byte but the id.
    expect(text.replace(idOf(text), 'ID')).toBe(first.replace(idOf(first), 'ID'));
    expect(calls('get_recommendations')).toBe(before);
    // A different query is a different answer.
    await server.call('/api/users/12346/recommendations?k=2');
    expect(calls('get_recommendations')).toBe(before + 1);
  });

  it('drops every stored answer when a write goes through the API, so a live event shows at once', async () => {
    await recs('12347');
    const before = calls('get_recommendations');
    const event = { eventId: 'cache-evt-1', customerId: '12347', productId: '85123A', type: 'view' };
    expect((await server.call('/api/events', { json: event })).status).toBe(201);
    await recs('12347');
    expect(calls('get_recommendations')).toBe(before + 1);
  });

  it('never serves one customer an answer made for another, nor a staff answer to a customer', async () => {
    const alice = (await server.tokens.issue('17850')).token;
    const bob = (await server.tokens.issue('12348')).token;
    expect((await recs('17850', alice)).status).toBe(200);
    // The same URL with another customer's token: refused by the route, not answered from the cache.
    const refused = await recs('17850', bob);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('FORBIDDEN');

    // Staff warmed an entry for 12348; the customer asking for it still runs the route (a new call).
    await recs('12348');
    const before = calls('get_recommendations');
    expect((await recs('12348', bob)).status).toBe(200);
    expect(calls('get_recommendations')).toBe(before + 1);
  });

  it('checks the key before answering from the cache, and keeps no error answers', async () => {
    await recs('12349');
    expect((await recs('12349', null)).status).toBe(401);
    expect((await recs('12349', 'reco_service_not-a-real-key')).status).toBe(401);

    const bad = await server.call('/api/users/12349/recommendations?k=0');
    expect(bad.status).toBe(400);
    const before = calls('get_recommendations');
    expect((await server.call('/api/users/12349/recommendations?k=0')).status).toBe(400);
    expect(calls('get_recommendations')).toBe(before);
  });
});

describe('response cache and experiments', () => {
  it('never stores an answer made in an experiment: each one is an exposure its arm logs', async () => {
    let made = 0;
    const inExperiment = defineTool({
      name: 'get_recommendations',
      description: 'An answer in an experiment',
      input: z.object({ userId: z.string(), k: z.number().int() }),
      output: z.object({ userId: z.string(), recommendationId: z.string(), experiment: z.object({ id: z.string(), name: z.string(), arm: z.string() }) }),
      execute: async ({ userId }) => ({ userId, recommendationId: `answer-${++made}`, experiment: { id: 'exp-1', name: 'model vs popular', arm: 'model' } }),
    });
    const server = await startTestServer({ deps: { responseCacheMs: 60_000, registry: new ToolRegistry().register(inExperiment) } });
    try {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await json(await server.call('/api/users/12346/recommendations?k=3'))).recommendationId);
      expect(ids).toEqual(['answer-1', 'answer-2', 'answer-3']);
    } finally {
      await server.close();
    }
  });
});

describe('response cache expiry', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ toolDelayMs: 1, deps: { responseCacheMs: 50 } });
  });
  afterAll(() => server.close());

  it('asks the route again once an answer is older than the window', async () => {
    await server.call('/api/products/85123A/similar?k=2');
    const before = toolCalls.get('get_similar_products') ?? 0;
    await new Promise((r) => setTimeout(r, 80));
    await server.call('/api/products/85123A/similar?k=2');
    expect(toolCalls.get('get_similar_products')).toBe(before + 1);
  });
});
