import { startRecommendationStack, type RecommendationStack } from '../__fixtures__/recommendation-stack';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

jest.setTimeout(60_000);

const CUSTOMER = '17850'; // in the sample
type Item = { productId: string; unitPrice: number; reason: string };
type Issue = { field: string; in: string };

// The real recommendation tools over the sample database (no trained model: the popularity
// fallback fills personal lists), behind the real app.
describe('placement routes', () => {
  let stack: RecommendationStack;
  let server: TestServer;
  beforeAll(async () => {
    stack = await startRecommendationStack();
    server = await startTestServer({ services: stack.services, deps: { registry: stack.registry } });
  });
  afterAll(async () => {
    await server.close();
    await stack.close();
  });

  const list = async (query: string, as?: string) => {
    const res = await server.call(`/api/placements/${query}`, as === undefined ? {} : { as });
    expect([query, res.status]).toEqual([query, 200]);
    return json(res);
  };
  const ids = (answer: { items: Item[] }) => answer.items.map((i) => i.productId);
  const issues = async (query: string) => {
    const res = await server.call(`/api/placements/${query}`);
    expect([query, res.status]).toEqual([query, 400]);
    return ((await json(res)).error.details.issues as Issue[]).map((i) => `${i.in}:${i.field}`);
  };

  it('answers a placement list with its recommendationId, a fresh one each time, and no experiment when none runs', async () => {
    const first = await list(`home/recommendations?userId=${CUSTOMER}&k=5`);
    expect(first).toMatchObject({ placement: 'home', userId: CUSTOMER, strategy: expect.any(String), recommendationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(first.items).toHaveLength(5);
    expect(first.experiment).toBeUndefined();
    const second = await list(`home/recommendations?userId=${CUSTOMER}&k=5`);
    expect(second.recommendationId).not.toBe(first.recommendationId);
    expect(ids(second)).toEqual(ids(first));
    expect((await list('trending/recommendations?sessionId=visit-1&k=3')).items.length).toBeLessThanOrEqual(3);
  });

  it('takes the filters from the query and still fills the list', async () => {
    const plain = ids(await list(`home/recommendations?userId=${CUSTOMER}&k=6`));
    const excluded = plain.slice(0, 2);
    const without = ids(await list(`home/recommendations?userId=${CUSTOMER}&k=6&excludeProductIds=${excluded.join(',')}`));
    expect(without).toHaveLength(6);
    expect(without.filter((id) => excluded.includes(id))).toEqual([]);
    const cheap = (await list(`home/recommendations?userId=${CUSTOMER}&k=6&minPrice=0.5&maxPrice=2`)).items as Item[];
    expect(cheap).toHaveLength(6);
    expect(cheap.every((i) => i.unitPrice >= 0.5 && i.unitPrice <= 2)).toBe(true);
    expect((await list(`home/recommendations?userId=${CUSTOMER}&k=3&includeUnavailable=true&tag=color:red`)).items.length).toBeLessThanOrEqual(3);

    const cart = plain.slice(0, 2);
    const cartList = ids(await list(`cart/recommendations?userId=${CUSTOMER}&cartProductIds=${cart.join(',')}&k=4`));
    expect(cartList.filter((id) => cart.includes(id))).toEqual([]);
  });

  it('answers 400 naming the bad query and path fields, 404 for an unknown placement', async () => {
    expect((await issues(`home/recommendations?userId=${CUSTOMER}&k=0&minPrice=9&maxPrice=2`)).sort()).toEqual(['query:k', 'query:minPrice']);
    expect(await issues('Not%20A%20Name/recommendations?sessionId=visit-1')).toEqual(['path:name']);
    expect(await issues(`home/recommendations?userId=${CUSTOMER}&includeUnavailable=maybe`)).toEqual(['query:includeUnavailable']);
    const product = await server.call('/api/placements/product/recommendations?sessionId=visit-1');
    expect(product.status).toBe(400);
    expect(JSON.stringify(await json(product))).toContain('productId');
    const unknown = await server.call('/api/placements/winter-sale/recommendations?sessionId=visit-1');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.code).toBe('NOT_FOUND');
  });

  it("lets a customer token read its own placement lists only", async () => {
    const token = (await server.tokens.issue(CUSTOMER)).token;
    expect((await server.call(`/api/placements/home/recommendations?userId=${CUSTOMER}`, { as: token })).status).toBe(200);
    const other = await server.call('/api/placements/home/recommendations?userId=12346', { as: token });
    expect(other.status).toBe(403);
    expect((await server.call(`/api/placements/home/recommendations?userId=${CUSTOMER}`, { as: null })).status).toBe(401);
  });

  it('applies a rule written through the admin API to the next answer, its effect in the reason', async () => {
    const before = ids(await list(`home/recommendations?userId=${CUSTOMER}&k=5`));
    const pinned = before[4] as string;
    const rule = await json(
      await server.call('/api/admin/rules', { json: { name: 'spring-sale', kind: 'pin', placement: 'home', position: 1, match: { productIds: [pinned] } } }),
    );
    try {
      const after = (await list(`home/recommendations?userId=${CUSTOMER}&k=5`)).items as Item[];
      expect(after[0]).toMatchObject({ productId: pinned, reason: 'pinned:spring-sale' });
      expect(after).toHaveLength(5);
      // Another placement is not touched by a rule limited to home.
      expect((await list('trending/recommendations?sessionId=visit-1&k=5')).items.some((i: Item) => i.reason.includes('spring-sale'))).toBe(false);
    } finally {
      expect((await server.call(`/api/admin/rules/${rule.id}`, { method: 'DELETE' })).status).toBe(204);
    }
  });

  it('names the experiment and arm in answers while one runs on the placement, on the plain route too when it runs everywhere', async () => {
    const arms = [
      { name: 'popular', weight: 1, config: { strategy: 'popular' } },
      { name: 'model', weight: 1, config: {} },
    ];
    const created = await server.call('/api/admin/experiments', { json: { name: 'home test', placement: 'home', state: 'running', arms } });
    expect(created.status).toBe(201);
    const experiment = await json(created);
    const answer = await list(`home/recommendations?userId=${CUSTOMER}&k=3`);
    expect(answer.experiment).toEqual({ id: experiment.id, name: 'home test', arm: expect.stringMatching(/^(popular|model)$/) });
    // Deterministic: the same shopper sees the same arm.
    expect((await list(`home/recommendations?userId=${CUSTOMER}&k=3`)).experiment.arm).toBe(answer.experiment.arm);
    expect((await list('trending/recommendations?sessionId=visit-1&k=3')).experiment).toBeUndefined();
    const stopped = await server.call(`/api/admin/experiments/${experiment.id}`, { method: 'PUT', json: { name: 'home test', placement: 'home', state: 'stopped', arms } });
    expect(stopped.status).toBe(200);
    expect((await list(`home/recommendations?userId=${CUSTOMER}&k=3`)).experiment).toBeUndefined();

    const everywhere = await json(await server.call('/api/admin/experiments', { json: { name: 'all pages', state: 'running', arms } }));
    try {
      // The next answer: after a write the plain route's cached path has no copy of the rules in hand and reads them.
      const plain = await json(await server.call(`/api/users/${CUSTOMER}/recommendations?k=3`));
      expect(plain).toMatchObject({ recommendationId: expect.any(String), experiment: { id: everywhere.id, name: 'all pages' } });
    } finally {
      await server.call(`/api/admin/experiments/${everywhere.id}`, { method: 'PUT', json: { name: 'all pages', state: 'stopped', arms } });
    }
  });

  it('serves a staff preview with the arm named and no exposure logged; refuses a preview to a customer token', async () => {
    const arms = [
      { name: 'a', weight: 1, config: {} },
      { name: 'b', weight: 1, config: {} },
    ];
    const experiment = await json(await server.call('/api/admin/experiments', { json: { name: 'preview test', placement: 'home', state: 'running', arms } }));
    const record = jest.spyOn(stack.parts.exposures, 'record');
    try {
      const preview = await list(`home/recommendations?userId=${CUSTOMER}&k=3&preview=true`);
      expect(preview.experiment).toEqual({ id: experiment.id, name: 'preview test', arm: expect.stringMatching(/^(a|b)$/) });
      expect(record).not.toHaveBeenCalled();
      const token = (await server.tokens.issue(CUSTOMER)).token;
      const refused = await server.call(`/api/placements/home/recommendations?userId=${CUSTOMER}&preview=true`, { as: token });
      expect(refused.status).toBe(403);
      expect(record).not.toHaveBeenCalled();
      // The shopper's own call is an exposure, of the arm the preview named.
      const shown = await list(`home/recommendations?userId=${CUSTOMER}&k=3`);
      expect(shown.experiment).toEqual(preview.experiment);
      expect(record.mock.calls.map(([e]) => [e.recommendationId, e.arm])).toEqual([[shown.recommendationId, preview.experiment.arm]]);
    } finally {
      record.mockRestore();
      await server.call(`/api/admin/experiments/${experiment.id}`, { method: 'PUT', json: { name: 'preview test', placement: 'home', state: 'stopped', arms } });
    }
  });

  it('carries the new filters on the plain recommendation routes', async () => {
    const plain = await json(await server.call(`/api/users/${CUSTOMER}/recommendations?k=4`));
    const excluded = plain.items[0].productId as string;
    const res = await server.call(`/api/users/${CUSTOMER}/recommendations?k=4&excludeProductIds=${excluded}&includeUnavailable=false&maxPrice=100`);
    expect(res.status).toBe(200);
    const filtered = await json(res);
    expect(filtered.items).toHaveLength(4);
    expect(filtered.items.map((i: Item) => i.productId)).not.toContain(excluded);
    expect((await server.call('/api/sessions/visit-1/recommendations?k=3&tag=color:red&includeUnavailable=true')).status).toBe(200);
    const bad = await server.call(`/api/users/${CUSTOMER}/recommendations?tag=`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.details.issues.map((i: Issue) => i.field)).toEqual(['tag']);
  });

  it('lists the placement tool for every door (the tools route, MCP and the agent use the registry)', async () => {
    const tools = (await json(await server.call('/api/tools'))).tools.map((t: { name: string }) => t.name);
    expect(tools).toContain('get_placement_recommendations');
    const viaTool = await server.call('/api/tools/get_placement_recommendations', { json: { placement: 'home', userId: CUSTOMER, k: 2 } });
    expect(viaTool.status).toBe(200);
    expect((await json(viaTool)).data).toMatchObject({ placement: 'home', recommendationId: expect.any(String) });
  });
});
