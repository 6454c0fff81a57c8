import { openSearchFixture, type SearchFixture } from '../__fixtures__/search-fixture';
import { SEARCH_MAX_LIMIT } from './search-products.tool';

interface SearchData {
  items: { productId: string; description: string; unitPrice: number; score: number; reason: string; match: string }[];
  total: number;
  limit: number;
  offset: number;
}

describe('search tools on the shipped sample', () => {
  let f: SearchFixture;
  beforeAll(async () => {
    f = await openSearchFixture();
  });
  afterAll(() => f.close());

  const search = async (input: Record<string, unknown>) => {
    const result = await f.registry.invoke<SearchData>('search_products', input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.data;
  };

  describe('search_products', () => {
    it('ranks the exact product first with a score, best first', async () => {
      const data = await search({ query: 'jumbo bag red retrospot' });
      expect(data.items[0]).toMatchObject({ productId: '85099B', description: 'JUMBO BAG RED RETROSPOT', reason: 'search' });
      expect(data.items.length).toBe(10);
      const scores = data.items.map((i) => i.score);
      expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
      expect(data.total).toBeGreaterThan(10);
    });

    it('finds lanterns for "lanturn" and cake stands for "cak stand"', async () => {
      expect((await search({ query: 'lanturn', limit: 5 })).items.every((i) => i.description.includes('LANTERN'))).toBe(true);
      expect((await search({ query: 'cak stand', limit: 5 })).items.every((i) => /CAKE ?STAND/.test(i.description))).toBe(true);
    });

    it('keeps every result within the price bounds', async () => {
      const data = await search({ query: 'hot water bottle', minPrice: 5, maxPrice: 9, limit: 50 });
      expect(data.items.length).toBeGreaterThan(0);
      expect(data.items.every((i) => i.unitPrice >= 5 && i.unitPrice <= 9)).toBe(true);
    });

    it('pages with offset and limit, and caps the limit', async () => {
      const first = await search({ query: 'bag', limit: 4 });
      const second = await search({ query: 'bag', limit: 2, offset: 2 });
      expect(second.items.map((i) => i.productId)).toEqual(first.items.slice(2, 4).map((i) => i.productId));
      const capped = await search({ query: 'bag', limit: 500 });
      expect(capped.limit).toBe(SEARCH_MAX_LIMIT);
      expect(capped.items).toHaveLength(SEARCH_MAX_LIMIT);
    });

    it('answers an empty list when nothing matches', async () => {
      expect((await search({ query: 'xylophonezzz' })).items).toEqual([]);
    });

    it.each([
      [{ query: '' }, 'query'],
      [{ query: '   ' }, 'query'],
      [{}, 'query'],
      [{ query: 'bag', limit: 0 }, 'limit'],
      [{ query: 'bag', offset: -1 }, 'offset'],
      [{ query: 'bag', minPrice: -1 }, 'minPrice'],
      [{ query: 'bag', minPrice: 5, maxPrice: 2 }, 'minPrice'],
    ])('rejects %j as bad input naming %s', async (input, field) => {
      const result = await f.registry.invoke('search_products', input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('BAD_INPUT');
      expect(result.error.details?.issues?.map((i) => i.field)).toContain(field);
    });
  });

  describe('get_product', () => {
    it('returns a product by stock code', async () => {
      const result = await f.registry.invoke('get_product', { productId: '85123A' });
      expect(result).toMatchObject({
        ok: true,
        data: { product: { productId: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', isMerchandise: true, active: true } },
      });
    });

    it('is a not-found error for an unknown id, and bad input for an empty one', async () => {
      const unknown = await f.registry.invoke('get_product', { productId: 'NOPE-1' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { id: 'NOPE-1' } } });
      const empty = await f.registry.invoke('get_product', { productId: ' ' });
      expect(empty).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    });
  });

  describe('get_products', () => {
    it('returns known products in the order asked, duplicates once, unknown ids absent', async () => {
      const result = await f.registry.invoke<{ products: { productId: string }[]; missing: string[] }>('get_products', {
        productIds: ['22423', 'NOPE-2', '85099B', '22423'],
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.data.products.map((p) => p.productId)).toEqual(['22423', '85099B']);
      expect(result.data.missing).toEqual(['NOPE-2']);
    });

    it('rejects an empty list as bad input', async () => {
      expect(await f.registry.invoke('get_products', { productIds: [] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    });
  });

  describe('batching and caching', () => {
    it('serves concurrent lookups with one de-duplicated query, then from the cache', async () => {
      const fresh = await openSearchFixture();
      try {
        const calls = await Promise.all([
          fresh.registry.invoke('get_product', { productId: '21733' }),
          fresh.registry.invoke('get_product', { productId: '21733' }),
          fresh.registry.invoke('get_products', { productIds: ['22727', '21733', 'NOPE-3'] }),
          fresh.registry.invoke('get_product', { productId: 'NOPE-3' }),
        ]);
        expect(calls.map((c) => c.ok)).toEqual([true, true, true, false]);
        expect(fresh.products.findByIdsCalls).toHaveLength(1);
        expect([...fresh.products.findByIdsCalls[0]].sort()).toEqual(['21733', '22727', 'NOPE-3']);

        await fresh.registry.invoke('get_products', { productIds: ['21733', '22727'] });
        expect(fresh.products.findByIdsCalls).toHaveLength(1);

        await fresh.catalog.invalidate();
        await fresh.registry.invoke('get_product', { productId: '21733' });
        expect(fresh.products.findByIdsCalls).toHaveLength(2);
      } finally {
        await fresh.close();
      }
    });
  });
});
