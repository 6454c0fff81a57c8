import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

describe('PUT /api/catalog/products, DELETE /api/catalog/products/:id, PUT /api/customers', () => {
  let server: TestServer;
  let alice: string;
  const told: string[][] = [];
  const db = () => {
    if (!server.db) throw new Error('the test server has no database');
    return server.db;
  };
  beforeAll(async () => {
    server = await startTestServer({ database: true, listeners: { catalog: [{ name: 'spy', productsChanged: async (ids) => void told.push([...ids]) }] } });
    alice = (await server.tokens.issue('17850')).token;
  });
  afterAll(() => server.close());
  beforeEach(() => (told.length = 0));

  const put = (path: string, body: unknown, as?: string) => server.call(path, { method: 'PUT', json: body, ...(as ? { as } : {}) });

  it('upserts products, answering each record, and tells the listeners before answering', async () => {
    const res = await put('/api/catalog/products', {
      products: [
        { id: 'SKU-000123', title: 'Red Mug', price: 12.5, categories: ['Home > Kitchen > Mugs'], tags: ['color:red'] },
        { id: 'SKU-000124', title: 'Blue Mug', price: -1, url: 'ftp://x' },
        { id: '4006381333931', title: 'Pencil', price: 0.99 },
      ],
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      accepted: 2,
      refused: 1,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      results: [
        { index: 0, id: 'SKU-000123', status: 'accepted', outcome: 'inserted' },
        { index: 1, id: 'SKU-000124', status: 'refused', errors: [{ field: 'price', reason: 'negative' }, { field: 'url', reason: 'not an http(s) URL' }] },
        { index: 2, id: '4006381333931', status: 'accepted', outcome: 'inserted' },
      ],
    });
    expect(told).toEqual([['SKU-000123', '4006381333931']]);
    expect(await db().products.findById('SKU-000123')).toMatchObject({ title: 'Red Mug', categories: ['Home > Kitchen > Mugs'], recommendable: true, available: true });
    const again = await json(await put('/api/catalog/products', { products: [{ id: 'SKU-000123', title: 'Red Mug', price: 13 }] }));
    expect(again).toMatchObject({ updated: 1, results: [{ outcome: 'updated' }] });
  });

  it('answers 400 naming every field when no record was accepted, and says what the body needs', async () => {
    const res = await put('/api/catalog/products', { products: [{ id: 'A', price: 1 }, 'B'] });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.details.issues.map((i: { field: string }) => i.field)).toEqual(['products.0.title', 'products.1']);
    expect(error.details).toMatchObject({ accepted: 0, refused: 2, results: [{ index: 0, id: 'A', status: 'refused' }, { index: 1, status: 'refused' }] });
    for (const body of [{}, { products: [] }, { items: [{ id: 'A' }] }]) {
      const bad = await put('/api/catalog/products', body);
      expect(bad.status).toBe(400);
      expect((await json(bad)).error.details.issues).toContainEqual(expect.objectContaining({ field: 'products', in: 'body' }));
    }
    expect((await put('/api/catalog/products', [{ id: 'A', title: 'a', price: 1 }])).status).toBe(400);
  });

  it('takes at most 1,000 records a batch, naming the limit', async () => {
    const products = Array.from({ length: 1_001 }, (_, i) => ({ id: `BULK-${i}`, title: 'x', price: 1 }));
    const res = await put('/api/catalog/products', { products });
    expect(res.status).toBe(413);
    expect((await json(res)).error).toMatchObject({ code: 'BATCH_TOO_LARGE', details: { limit: 1_000, received: 1_001 } });
    expect(await db().products.findById('BULK-0')).toBeNull();
    const full = await put('/api/catalog/products', { products: products.slice(0, 1_000) });
    expect(full.status).toBe(200);
    expect((await json(full)).inserted).toBe(1_000);
  });

  it('hides a product (404 when unknown) and shows it again when sent with recommendable: true', async () => {
    await put('/api/catalog/products', { products: [{ id: 'ab-12', title: 'Lamp', price: 40 }] });
    told.length = 0;
    const hidden = await server.call('/api/catalog/products/ab-12', { method: 'DELETE' });
    expect(hidden.status).toBe(200);
    expect(await json(hidden)).toEqual({ id: 'ab-12', hidden: true });
    expect(told).toEqual([['ab-12']]);
    expect(await db().products.findById('ab-12')).toMatchObject({ recommendable: false, available: false });
    expect((await server.call('/api/catalog/products/no-such-product', { method: 'DELETE' })).status).toBe(404);
    // An id with a slash travels encoded.
    await put('/api/catalog/products', { products: [{ id: 'a/b', title: 'Slash', price: 1 }] });
    expect((await server.call(`/api/catalog/products/${encodeURIComponent('a/b')}`, { method: 'DELETE' })).status).toBe(200);

    await put('/api/catalog/products', { products: [{ id: 'ab-12', title: 'Lamp', price: 40 }] });
    expect(await db().products.findById('ab-12')).toMatchObject({ recommendable: false });
    await put('/api/catalog/products', { products: [{ id: 'ab-12', title: 'Lamp', price: 40, recommendable: true }] });
    expect(await db().products.findById('ab-12')).toMatchObject({ recommendable: true, available: true });
  });

  it('upserts customers, answering each record', async () => {
    const res = await put('/api/customers', { customers: [{ id: 'C-1', country: 'France', attributes: { tier: 'gold' } }, { id: 'C-2', created_at: '2024-01-01' }] });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      accepted: 1,
      refused: 1,
      results: [
        { index: 0, id: 'C-1', status: 'accepted', outcome: 'inserted' },
        { index: 1, id: 'C-2', status: 'refused', errors: [{ field: 'created_at', reason: 'unknown field' }] },
      ],
    });
    expect(await db().customers.findById('C-1')).toMatchObject({ country: 'France', attributes: { tier: 'gold' } });
    expect((await json(await put('/api/customers', { customers: [{ id: 'C-1', country: 'France' }] }))).results[0].outcome).toBe('unchanged');
  });

  it('refuses customer tokens on every catalogue write', async () => {
    expect((await put('/api/catalog/products', { products: [{ id: 'X', title: 'x', price: 1 }] }, alice)).status).toBe(403);
    expect((await server.call('/api/catalog/products/SKU-000123', { method: 'DELETE', as: alice })).status).toBe(403);
    expect((await put('/api/customers', { customers: [{ id: '17850' }] }, alice)).status).toBe(403);
    expect(await db().products.findById('X')).toBeNull();
    expect((await put('/api/catalog/products', { products: [{ id: 'Y', title: 'y', price: 1 }] }, server.adminKey)).status).toBe(200);
  });

  it('answers 503 without a shop feed', async () => {
    const bare = await startTestServer();
    try {
      const res = await bare.call('/api/catalog/products', { method: 'PUT', json: { products: [{ id: 'X', title: 'x', price: 1 }] } });
      expect(res.status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

describe('GET /api/sessions/:sessionId/recommendations', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('is the get_session_recommendations tool, its fields checked by the tool schema', async () => {
    const res = await server.call('/api/sessions/visit-42/recommendations?k=2&category=Home');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ sessionId: 'visit-42', items: [{ reason: 'session' }, { reason: 'session' }] });
    const bad = await server.call('/api/sessions/visit-42/recommendations?k=0');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.details.issues[0]).toMatchObject({ field: 'k', in: 'query' });
  });
});
