import type { Product } from '@reco/data';
import { product } from '../__fixtures__/products';
import { learnedEmbeddings } from '../embeddings/product-embeddings';
import { catalogueFingerprint } from './catalogue-fingerprint';
import { searchableText } from './product-text';
import type { ProductSearchQuery } from './search-index';
import { SearchSnapshot } from './search-snapshot';

const at = (iso: string) => new Date(iso);
const shopProduct = (id: string, title: string, fields: Partial<Product> = {}): Product => ({ ...product(id, title), ...fields });

const CATALOGUE = [
  shopProduct('SKU-1', 'Enamel mug', { tags: ['color:red', 'material:enamel'], categories: ['Home > Kitchen > Mugs'] }),
  shopProduct('SKU-2', 'Red lantern', { categories: ['Home > Garden > Lighting'] }),
  shopProduct('SKU-3', 'Enamel mug', { tags: ['color:blue'], categories: ['Home > Kitchen > Mugs'] }),
  shopProduct('SKU-4', 'Teapot', { tags: ['sale', 'color:Red'], categories: ['Home > Kitchen'] }),
  shopProduct('SKU-5', 'Garden hose', { tags: ['color:green'], categories: ['Home > Garden'] }),
  shopProduct('SKU-6', 'Reading lamp', { tags: ['color:white'], categories: ['Home > Living > Lighting'] }),
  ...Array.from({ length: 30 }, (_, i) => shopProduct(`SKU-F${i}`, `Filler ${i % 2 ? 'mug' : 'bowl'} ${i}`, { categories: ['Home > Kitchen'] })),
];

const page = { limit: 50, offset: 0 };
const search = (snapshot: SearchSnapshot, text: string, filters: Partial<ProductSearchQuery> = {}) =>
  snapshot.search({ text, ...page, ...filters }).then((r) => r.hits.map((h) => h.product.id));
const withVectors = (products: Product[]) => new SearchSnapshot(products, learnedEmbeddings(products.map(searchableText)));

describe('SearchSnapshot: categories and tags', () => {
  it('ranks products tagged color:red or titled red above every other product', async () => {
    for (const snapshot of [new SearchSnapshot(CATALOGUE, undefined), withVectors(CATALOGUE)]) {
      const result = await snapshot.search({ text: 'red', ...page });
      const ids = result.hits.map((h) => h.product.id);
      expect(ids.slice(0, 3).sort()).toEqual(['SKU-1', 'SKU-2', 'SKU-4']);
      expect(result.hits.slice(0, 3).every((h) => h.match !== 'vector')).toBe(true);
    }
  });

  it('finds products by category words', async () => {
    expect((await search(new SearchSnapshot(CATALOGUE, undefined), 'lighting')).sort()).toEqual(['SKU-2', 'SKU-6']);
  });

  it('filters on a category path and everything under it, letter case and spacing ignored', async () => {
    const snapshot = withVectors(CATALOGUE);
    expect((await search(snapshot, 'enamel mug', { category: 'Home > Kitchen > Mugs' })).sort()).toEqual(['SKU-1', 'SKU-3']);
    expect((await search(snapshot, 'red', { category: 'home>kitchen' })).sort()).toEqual(['SKU-1', 'SKU-4']);
    expect(await search(snapshot, 'lamp', { category: ' HOME >  living ' })).toEqual(['SKU-6']);
    // A path prefix that is not a whole part is another category.
    expect(await search(snapshot, 'mug', { category: 'Home > Kit' })).toEqual([]);
    expect(await search(snapshot, 'mug', { category: 'Garden' })).toEqual([]);
  });

  it('filters on a whole tag, letter case ignored', async () => {
    const snapshot = withVectors(CATALOGUE);
    expect((await search(snapshot, 'red', { tag: 'color:red' })).sort()).toEqual(['SKU-1', 'SKU-4']);
    expect(await search(snapshot, 'teapot', { tag: 'SALE' })).toEqual(['SKU-4']);
    expect(await search(snapshot, 'mug', { tag: 'color' })).toEqual([]);
    expect(await search(snapshot, 'mug', { tag: 'color:blue', category: 'Home' })).toEqual(['SKU-3']);
  });

  it('ranks a product out of stock after those in stock that match as well', async () => {
    const catalogue = [
      shopProduct('A', 'Red lantern', { available: false }),
      shopProduct('B', 'Red lantern large'),
      shopProduct('C', 'Lantern', { tags: ['color:red'] }),
      shopProduct('D', 'Blue lantern'),
    ];
    const result = await new SearchSnapshot(catalogue, undefined).search({ text: 'red lantern', ...page });
    // A names the query exactly and stays first; the others are in stock.
    expect(result.hits[0].product.id).toBe('A');
    // Every product holds "lantern" (C is named by it): A, out of stock, comes after B and D, though shorter.
    const plain = await new SearchSnapshot(catalogue, undefined).search({ text: 'lantern', ...page });
    expect(plain.hits.map((h) => h.product.id)).toEqual(['C', 'D', 'B', 'A']);
    const inStock = await new SearchSnapshot(catalogue.map((p) => ({ ...p, available: true })), undefined).search({ text: 'lantern', ...page });
    expect(inStock.hits.map((h) => h.product.id).indexOf('A')).toBeLessThan(3);
  });
});

describe('SearchSnapshot.apply', () => {
  const v1 = at('2024-01-01T00:00:00Z');
  const v2 = at('2024-01-02T00:00:00Z');
  const base = () => withVectors(CATALOGUE.map((p) => ({ ...p, updatedAt: v1 })));

  it('finds a new product at once, by title, category and tag', async () => {
    const snapshot = base();
    const teacup = shopProduct('SKU-NEW', 'Porcelain teacup', { tags: ['color:red'], categories: ['Home > Kitchen > Cups'], updatedAt: v2 });
    expect(snapshot.needsVector(teacup)).toBe(true);
    expect(snapshot.apply({ products: [teacup] })).toEqual(['SKU-NEW']);
    expect(await search(snapshot, 'teacup')).toEqual(['SKU-NEW']);
    expect(await search(snapshot, 'porcelain', { category: 'home > kitchen', tag: 'color:red' })).toEqual(['SKU-NEW']);
    expect((await search(snapshot, 'cups'))[0]).toBe('SKU-NEW');
    expect(snapshot.size).toBe(CATALOGUE.length + 1);
  });

  it('takes out a hidden or deleted product at once', async () => {
    const snapshot = base();
    const hidden = { ...(snapshot.product('SKU-2') as Product), recommendable: false, available: false, updatedAt: v2 };
    expect(snapshot.apply({ products: [hidden], deleted: ['SKU-6', 'NEVER-THERE'] }).sort()).toEqual(['SKU-2', 'SKU-6']);
    expect(await search(snapshot, 'lantern')).toEqual([]);
    expect(await search(snapshot, 'lamp')).toEqual([]);
    expect(await search(snapshot, 'SKU-2')).not.toContain('SKU-2');
    expect(snapshot.size).toBe(CATALOGUE.length - 2);
  });

  it('finds a renamed product by its new words only, and keeps one document per product', async () => {
    const snapshot = base();
    const renamed = { ...(snapshot.product('SKU-5') as Product), title: 'Watering can', updatedAt: v2 };
    snapshot.apply({ products: [renamed] });
    expect(await search(snapshot, 'watering can')).toEqual(['SKU-5']);
    expect(await search(snapshot, 'hose')).toEqual([]);
    expect((await search(snapshot, 'SKU-5'))[0]).toBe('SKU-5');
    expect(snapshot.size).toBe(CATALOGUE.length);
    expect(snapshot.addedSinceBuild).toBe(1);
  });

  it('changes price and stock in place, and the price filter follows', async () => {
    const snapshot = base();
    const repriced = { ...(snapshot.product('SKU-4') as Product), price: 40, available: false, updatedAt: v2 };
    expect(snapshot.needsVector(repriced)).toBe(false);
    snapshot.apply({ products: [repriced] });
    expect(snapshot.addedSinceBuild).toBe(0);
    expect(await search(snapshot, 'teapot', { minPrice: 30 })).toEqual(['SKU-4']);
    expect(await search(snapshot, 'teapot', { maxPrice: 30 })).toEqual([]);
    expect((await snapshot.search({ text: 'teapot', ...page })).hits[0].product).toMatchObject({ price: 40, available: false });
  });

  it('ignores a row older than the one held, and a row already held', () => {
    const snapshot = base();
    const newer = { ...(snapshot.product('SKU-5') as Product), title: 'Watering can', updatedAt: v2 };
    snapshot.apply({ products: [newer] });
    const stale = { ...newer, title: 'Garden hose', updatedAt: v1 };
    expect(snapshot.wouldChange(stale)).toBe(false);
    expect(snapshot.apply({ products: [stale, { ...newer }] })).toEqual([]);
    expect(snapshot.product('SKU-5')?.title).toBe('Watering can');
  });

  it('keeps its fingerprint equal to a fresh read of the same catalogue', () => {
    const snapshot = base();
    const renamed = { ...(snapshot.product('SKU-5') as Product), title: 'Watering can', updatedAt: v2 };
    const added = shopProduct('SKU-NEW', 'Porcelain teacup', { updatedAt: v2 });
    snapshot.apply({ products: [renamed, added], deleted: ['SKU-6'] });
    const fresh = [...CATALOGUE.filter((p) => p.id !== 'SKU-6' && p.id !== 'SKU-5'), added, renamed].reverse();
    expect(snapshot.fingerprint).toBe(catalogueFingerprint(fresh));
  });
});
