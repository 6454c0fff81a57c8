import type { Product } from '@reco/data';
import { product } from '../__fixtures__/products';
import type { ProductEmbeddings } from '../embeddings/product-embeddings';
import { VectorTable } from '../embeddings/vector-table';
import { InProcessSearchIndex } from './in-process-search-index';
import { SearchSnapshot } from './search-snapshot';

const CATALOGUE = [
  product('A1', 'HANGING METAL STAR LANTERN', 1.65),
  product('A2', 'WHITE METAL LANTERN', 8.29),
  product('A3', 'FRENCH CARRIAGE LANTERN', 5.75),
  product('B1', 'JUMBO BAG RED RETROSPOT', 2.08),
  product('B2', 'LUNCH BAG RED RETROSPOT', 1.65),
  product('B3', 'RED RETROSPOT MUG', 2.5),
  product('C1', 'POLKADOT PEN', 0.85),
];

const page = { limit: 10, offset: 0 };

function source(initial: Product[]) {
  let products = initial;
  let reads = 0;
  return {
    load: async () => {
      reads++;
      await new Promise((r) => setTimeout(r, 5));
      return products;
    },
    set: (next: Product[]) => (products = next),
    reads: () => reads,
  };
}

describe('InProcessSearchIndex', () => {
  it('builds lazily, once, for concurrent first searches', async () => {
    const catalogue = source(CATALOGUE);
    const index = new InProcessSearchIndex({ loadProducts: catalogue.load });
    expect(index.status().state).toBe('empty');
    const results = await Promise.all(Array.from({ length: 5 }, () => index.search({ text: 'lantern', ...page })));
    expect(catalogue.reads()).toBe(1);
    expect(results.every((r) => r.hits.length === 3)).toBe(true);
    expect(index.status()).toMatchObject({ state: 'ready', products: 7, embeddings: 'description-lsa' });
  });

  it('tolerates typos, plurals, partial words and joined words', async () => {
    const index = new InProcessSearchIndex({ loadProducts: source(CATALOGUE).load });
    const first = async (text: string) => (await index.search({ text, ...page })).hits[0]?.product.id;
    expect(await first('lanturn')).toMatch(/^A/);
    expect(await first('jumbo bags')).toBe('B1');
    expect(await first('retrosp mug')).toBe('B3');
    expect(await first('polka dot pen')).toBe('C1');
    expect(await first('b2')).toBe('B2');
  });

  it('filters on the latest price, inclusive, and pages', async () => {
    const index = new InProcessSearchIndex({ loadProducts: source(CATALOGUE).load });
    const cheap = await index.search({ text: 'lantern', maxPrice: 5.75, ...page });
    expect(cheap.hits.map((h) => h.product.id).sort()).toEqual(['A1', 'A3']);
    const band = await index.search({ text: 'lantern', minPrice: 2, maxPrice: 6, ...page });
    expect(band.hits.map((h) => h.product.id)).toEqual(['A3']);
    const all = await index.search({ text: 'red retrospot', ...page });
    const second = await index.search({ text: 'red retrospot', limit: 1, offset: 1 });
    expect(second.hits.map((h) => h.product.id)).toEqual([all.hits[1].product.id]);
    expect(second.total).toBe(all.total);
  });

  it('answers nothing for a query without searchable words', async () => {
    const index = new InProcessSearchIndex({ loadProducts: source(CATALOGUE).load });
    expect(await index.search({ text: 'the of', ...page })).toEqual({ hits: [], total: 0 });
    expect((await index.search({ text: 'zzzzzz', ...page })).hits).toEqual([]);
  });

  it('reindex() picks up a changed catalogue at once and reports it', async () => {
    const catalogue = source(CATALOGUE);
    const changed = jest.fn();
    const index = new InProcessSearchIndex({ loadProducts: catalogue.load, onCatalogueChanged: changed });
    expect((await index.search({ text: 'teapot', ...page })).hits).toEqual([]);
    catalogue.set([...CATALOGUE, product('D1', 'ROSE TEAPOT', 9)]);
    const status = await index.reindex();
    expect(status.products).toBe(8);
    expect((await index.search({ text: 'teapot', ...page })).hits[0].product.id).toBe('D1');
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('notices catalogue changes by fingerprint, at most every refreshMs, without blocking searches', async () => {
    const catalogue = source(CATALOGUE);
    const index = new InProcessSearchIndex({ loadProducts: catalogue.load, refreshMs: 60 });
    await index.search({ text: 'mug', ...page });
    catalogue.set(CATALOGUE.map((p) => (p.id === 'B3' ? { ...p, price: 30 } : p)));
    await index.search({ text: 'mug', ...page }); // too soon: no re-read
    expect(catalogue.reads()).toBe(1);
    await new Promise((r) => setTimeout(r, 70));
    const stale = await index.search({ text: 'mug', ...page }); // triggers the background check
    expect(stale.hits[0].product.price).toBe(2.5);
    await new Promise((r) => setTimeout(r, 30)); // the background rebuild finishes
    const fresh = await index.search({ text: 'mug', ...page });
    expect(fresh.hits[0].product.price).toBe(30);
    expect(catalogue.reads()).toBe(2);
    index.close();
  });

  it('keeps serving the last build when a rebuild fails, and retries a failed first build', async () => {
    let fail = true;
    const index = new InProcessSearchIndex({
      loadProducts: async () => {
        if (fail) throw new Error('database down');
        return CATALOGUE;
      },
    });
    await expect(index.search({ text: 'mug', ...page })).rejects.toThrow('database down');
    expect(index.status()).toMatchObject({ state: 'failed', lastError: 'database down' });
    fail = false;
    expect((await index.search({ text: 'mug', ...page })).hits).toHaveLength(1);
    fail = true;
    await expect(index.reindex()).rejects.toThrow('database down');
    expect((await index.search({ text: 'mug', ...page })).hits).toHaveLength(1);
  });

  it('can run lexical only', async () => {
    const index = new InProcessSearchIndex({ loadProducts: source(CATALOGUE).load, vectors: false });
    const result = await index.search({ text: 'lantern', ...page });
    expect(result.hits.every((h) => h.match === 'lexical')).toBe(true);
    expect(index.status().embeddings).toBe('none');
  });
});

describe('fusion guard', () => {
  // Vectors that love the wrong product: the vector list puts X1 (no query word) first.
  const products = [product('X1', 'BLUE CERAMIC BOWL'), product('E1', 'RED LANTERN'), ...Array.from({ length: 80 }, (_, i) => product(`F${i}`, `RED THING ${i}`))];
  const table = VectorTable.fromRows(products.map((p) => (p.id === 'X1' ? [1, 0] : [0, 1])), 2);
  const adversarial: ProductEmbeddings = {
    name: 'adversarial',
    products: table,
    nearest: (q, n, accept) => table.nearest(q, n, accept),
    minSimilarity: 0,
    embedQuery: async () => Float32Array.from([1, 0]),
  };

  it('never ranks a vector-only hit above an exact name match', async () => {
    const snapshot = new SearchSnapshot(products, adversarial);
    const result = await snapshot.search({ text: 'red lantern', limit: 100, offset: 0 });
    expect(result.hits[0].product.id).toBe('E1');
    const x1 = result.hits.findIndex((h) => h.product.id === 'X1');
    expect(result.hits[x1].match).toBe('vector');
    expect(x1).toBeGreaterThan(0);
  });

  it('degrades to lexical when the query vector fails', async () => {
    const failing: ProductEmbeddings = { ...adversarial, embedQuery: async () => Promise.reject(new Error('endpoint down')) };
    const result = await new SearchSnapshot(products, failing).search({ text: 'lantern', limit: 5, offset: 0 });
    expect(result.hits.map((h) => h.product.id)).toEqual(['E1']);
  });
});
