import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

describe('product routes', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('searches with a price range and paging', async () => {
    const res = await server.call('/api/products/search?q=holder&maxPrice=3&limit=5&offset=0');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.items.map((p: { productId: string }) => p.productId)).toEqual(['85123A']);
    expect(body.total).toBe(1);
  });

  it('answers one product, 404 for an unknown one', async () => {
    const res = await server.call('/api/products/71053');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ productId: '71053', description: 'WHITE METAL LANTERN' });
    const missing = await server.call('/api/products/NOPE1');
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('NOT_FOUND');
  });

  it('answers similar, bought-together and popular products', async () => {
    const similar = await json(await server.call('/api/products/85123A/similar?k=2'));
    expect(similar.items).toHaveLength(2);
    expect(similar.items[0].reason).toBe('similar-to:85123A');
    const together = await json(await server.call('/api/products/85123A/bought-together?k=3'));
    expect(together.items[0].reason).toBe('bought-with:85123A');
    const popular = await server.call('/api/popular?country=France&sinceDays=30&k=2');
    expect(popular.status).toBe(200);
    expect(await json(popular)).toMatchObject({ country: 'France', items: [{ reason: 'popular' }, { reason: 'popular' }] });
  });

  it('answers 400 naming every bad query field', async () => {
    const res = await server.call('/api/products/search?minPrice=9&maxPrice=2&limit=0&offset=-1');
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('BAD_INPUT');
    const fields = body.error.details.issues.map((i: { field: string }) => i.field).sort();
    expect(fields).toEqual(['limit', 'offset', 'q']);
    const k = await json(await server.call('/api/products/85123A/similar?k=500'));
    expect(k.error.details.issues).toEqual([expect.objectContaining({ field: 'k', in: 'query' })]);
    const range = await json(await server.call('/api/products/search?q=x&minPrice=9&maxPrice=2'));
    expect(range.error.details.issues).toEqual([expect.objectContaining({ field: 'minPrice' })]);
  });

  it('answers 503 UNAVAILABLE when the tool is not registered', async () => {
    const bare = await startTestServer({ omitTools: ['get_popular_products'] });
    try {
      const res = await bare.call('/api/popular');
      expect(res.status).toBe(503);
      expect((await json(res)).error).toMatchObject({ code: 'UNAVAILABLE', details: { tool: 'get_popular_products' } });
    } finally {
      await bare.close();
    }
  });
});
