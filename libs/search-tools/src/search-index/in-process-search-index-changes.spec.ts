import type { ProductInput } from '@reco/data';
import { product } from '../__fixtures__/products';
import { openSearchFixture, type SearchFixture } from '../__fixtures__/search-fixture';
import { InProcessSearchIndex } from './in-process-search-index';

const page = { limit: 10, offset: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CHANGES_MS = 500;

/** Products found by their words (vector-only neighbours left out). */
async function ids(f: SearchFixture, text: string, filters: { category?: string; tag?: string } = {}): Promise<string[]> {
  return (await f.index.search({ text, ...filters, ...page })).hits.filter((h) => h.match !== 'vector').map((h) => h.product.id);
}

const UNICORN: ProductInput = {
  id: 'SKU-000123',
  title: 'Porcelain unicorn teapot',
  price: 24,
  categories: ['Home > Kitchen > Teapots'],
  tags: ['color:pink', 'brand:acme'],
};

// The index over the shipped sample in SQLite, changed through the product repository.
describe('InProcessSearchIndex: changes without a rebuild', () => {
  describe('productsChanged (this instance wrote them)', () => {
    let f: SearchFixture;
    const changed = jest.fn();
    beforeAll(async () => {
      f = await openSearchFixture({ changesMs: 0, onProductsChanged: changed });
      await f.index.search({ text: 'lantern', ...page }); // built
    });
    afterAll(() => f.close());

    it('finds a new product at once, by title, category and tag, without re-reading the catalogue', async () => {
      await f.sample.db.products.upsertMany([UNICORN]);
      expect(await ids(f, 'unicorn')).toEqual([]);
      await f.index.productsChanged([UNICORN.id]);
      expect(await ids(f, 'unicorn')).toEqual([UNICORN.id]);
      expect((await ids(f, 'unicorn teapot'))[0]).toBe(UNICORN.id);
      expect(await ids(f, 'teapots', { category: 'Home' })).toEqual([UNICORN.id]); // the sample has no categories
      expect(await ids(f, 'acme')).toEqual([UNICORN.id]);
      expect(await ids(f, 'teapot', { category: 'home > kitchen', tag: 'color:pink' })).toEqual([UNICORN.id]);
      expect((await ids(f, 'SKU-000123'))[0]).toBe(UNICORN.id);
      expect(f.products.findAllCalls).toBe(1);
      expect(changed).toHaveBeenLastCalledWith([UNICORN.id]);
      expect(f.index.status()).toMatchObject({ state: 'ready', changesSinceBuild: 1 });
    });

    it('takes a hidden product out at once; it comes back when shown again', async () => {
      expect((await ids(f, 'jumbo bag red retrospot'))[0]).toBe('85099B');
      await f.sample.db.products.hide('85099B');
      await f.index.productsChanged(['85099B']);
      expect(await ids(f, 'jumbo bag red retrospot')).not.toContain('85099B');
      expect(await ids(f, '85099B')).toEqual([]);
      await f.sample.db.products.upsertMany([{ id: '85099B', title: 'JUMBO BAG RED RETROSPOT', price: 2.08, recommendable: true, available: true }]);
      await f.index.productsChanged(['85099B']);
      expect((await ids(f, 'jumbo bag red retrospot'))[0]).toBe('85099B');
    });

    it('finds a renamed product by its new words, no longer by the old name', async () => {
      await f.sample.db.products.upsertMany([{ id: '22423', title: 'ZEBRA STRIPED CAKE TOWER', price: 12.75 }]);
      await f.index.productsChanged(['22423']);
      expect(await ids(f, 'zebra striped')).toEqual(['22423']);
      expect(await ids(f, 'regency cakestand 3 tier')).not.toContain('22423');
      expect(f.products.findAllCalls).toBe(1);
    });

    it('forgets a deleted product and ignores an unknown id', async () => {
      await f.sample.db.client.$executeRawUnsafe(`DELETE FROM products WHERE id = ?`, UNICORN.id);
      await f.index.productsChanged([UNICORN.id, 'NO-SUCH-ID']);
      expect(await ids(f, 'unicorn')).toEqual([]);
    });

    it('applies a change made while a rebuild runs to the new build', async () => {
      const rebuild = f.index.reindex();
      await f.sample.db.products.upsertMany([{ id: 'SKU-MID', title: 'Midway marmalade spoon', price: 3 }]);
      await Promise.all([rebuild, f.index.productsChanged(['SKU-MID'])]);
      expect((await ids(f, 'midway marmalade spoon'))[0]).toBe('SKU-MID');
      expect(f.index.status().changesSinceBuild).toBeLessThanOrEqual(1);
    });
  });

  describe('catch-up (another instance wrote them)', () => {
    let f: SearchFixture;
    beforeAll(async () => {
      // Long enough that two searches in a row fall inside one period even on a loaded machine.
      // The wait bound is raised so that a loaded machine (a CI run on Node 20 took over the
      // default 100 ms) still shows the search waiting for the read rather than answering without it.
      f = await openSearchFixture({ changesMs: CHANGES_MS, catchUpWaitMs: 10_000, vectors: false });
      await f.index.search({ text: 'lantern', ...page });
    });
    afterAll(() => f.close());

    it('reads changes at most every changesMs, and a search waits for them', async () => {
      await f.sample.db.products.upsertMany([{ ...UNICORN, id: 'SKU-OTHER', title: 'Velvet narwhal cushion' }]);
      await f.sample.db.products.hide('22423');
      await sleep(CHANGES_MS + 50);
      const reads = f.products.changedSinceCalls;
      expect(await ids(f, 'narwhal')).toEqual(['SKU-OTHER']);
      expect(await ids(f, 'regency cakestand 3 tier')).not.toContain('22423');
      expect(f.products.changedSinceCalls).toBe(reads + 1); // the second search came too soon to read again
      expect(f.products.findAllCalls).toBe(1);
    });

    it('rebuilds instead when more products changed than a catch-up applies', async () => {
      const many = Array.from({ length: 2_100 }, (_, i) => ({ id: `BULK-${i}`, title: `Bulk walrus figurine ${i}`, price: 1 }));
      await f.sample.db.products.upsertMany(many);
      await sleep(CHANGES_MS + 50);
      await f.index.search({ text: 'walrus', ...page }); // notices, rebuilds in the background
      for (let i = 0; i < 100 && f.products.findAllCalls < 2; i++) await sleep(20);
      await f.index.reindex().catch(() => undefined); // waits for the rebuild under way, then builds again
      expect(f.products.findAllCalls).toBeGreaterThanOrEqual(2);
      expect((await f.index.search({ text: 'walrus figurine', ...page })).total).toBe(2_100);
    });
  });

  it('compacts in the background once many products were added, and rebuilds at once for a bulk change', async () => {
    const f = await openSearchFixture({ changesMs: 0, vectors: false });
    try {
      await f.index.search({ text: 'lantern', ...page });
      const many = Array.from({ length: 1_200 }, (_, i) => ({ id: `NEW-${i}`, title: `Quokka plush ${i}`, price: 5 }));
      await f.sample.db.products.upsertMany(many);
      for (let i = 0; i < 3; i++) await f.index.productsChanged(many.slice(i * 400, (i + 1) * 400).map((p) => p.id));
      expect((await f.index.search({ text: 'quokka', ...page })).total).toBe(1_200); // served before the compaction ends
      for (let i = 0; i < 100 && f.index.status().changesSinceBuild !== 0; i++) await sleep(20);
      expect(f.products.findAllCalls).toBe(2);
      expect(f.index.status()).toMatchObject({ changesSinceBuild: 0 });
      expect((await f.index.search({ text: 'quokka', ...page })).total).toBe(1_200);

      const bulk = Array.from({ length: 1_001 }, (_, i) => ({ id: `BULK-${i}`, title: `Wombat mug ${i}`, price: 5 }));
      await f.sample.db.products.upsertMany(bulk);
      await f.index.productsChanged(bulk.map((p) => p.id));
      expect(f.products.findAllCalls).toBe(3);
      expect(f.products.findByIdsCalls.flat()).not.toContain('BULK-0');
      expect((await f.index.search({ text: 'wombat', ...page })).total).toBe(1_001);
    } finally {
      await f.close();
    }
  });

  it('rebuilds on productsChanged when it has nowhere to read single products from', async () => {
    let products = [product('A1', 'WHITE METAL LANTERN')];
    let reads = 0;
    const index = new InProcessSearchIndex({ loadProducts: async () => (reads++, products) });
    await index.productsChanged(['B1']); // never built: nothing to bring up to date
    expect(reads).toBe(0);
    await index.search({ text: 'lantern', ...page });
    products = [...products, { ...products[0], id: 'B1', title: 'ROSE TEAPOT' }];
    await index.productsChanged(['B1']);
    expect(reads).toBe(2);
    expect((await index.search({ text: 'teapot', ...page })).hits.map((h) => h.product.id)).toEqual(['B1']);
  });

  it('brings a change made while a rebuild read an older catalogue into the new build', async () => {
    const rows = new Map([['A1', product('A1', 'WHITE METAL LANTERN')]]);
    let release: (() => void) | undefined;
    const index = new InProcessSearchIndex({
      loadProducts: async () => {
        const read = [...rows.values()];
        await new Promise<void>((resolve) => (release = resolve));
        return read;
      },
      changes: async () => ({ findByIds: async (ids) => ids.flatMap((id) => rows.get(id) ?? []), changedSince: async () => [] }),
      changesMs: 0,
    });
    const first = index.search({ text: 'lantern', ...page });
    release?.();
    await first;
    const rebuild = index.reindex(); // reads the catalogue now, then waits
    await sleep(5);
    rows.set('B1', product('B1', 'ROSE TEAPOT'));
    await index.productsChanged(['B1']); // applied to the live build
    expect((await index.search({ text: 'teapot', ...page })).hits.map((h) => h.product.id)).toEqual(['B1']);
    release?.();
    await rebuild;
    expect((await index.search({ text: 'teapot', ...page })).hits.map((h) => h.product.id)).toEqual(['B1']);
  });
});
