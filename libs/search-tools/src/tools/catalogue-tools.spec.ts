import { openSearchFixture, type SearchFixture } from '../__fixtures__/search-fixture';
import { LIST_PRODUCT_IDS_DEFAULT_LIMIT } from './list-product-ids.tool';

interface Categories {
  categories: { name: string; products: number }[];
}
interface ProductIds {
  items: { productId: string; title: string }[];
  total: number;
}

// list_categories and list_product_ids over the sample (which has no categories) plus a few products of a shop.
describe('catalogue tools: list_categories and list_product_ids', () => {
  let f: SearchFixture;
  const call = async <T>(name: string, input: Record<string, unknown>): Promise<T> => {
    const result = await f.registry.invoke<T>(name, input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.data;
  };

  beforeAll(async () => {
    f = await openSearchFixture({ changesMs: 0 });
    await f.index.search({ text: 'bag', limit: 1, offset: 0 });
    const shop = [
      { id: 'SKU-R1', title: 'Enamel camping mug', price: 9, categories: ['Outdoor > Camping > Cookware'] },
      { id: 'SKU-T1', title: 'Dome tent', price: 120, categories: ['Outdoor > Camping > Tents'], available: false },
      { id: 'SKU-T2', title: 'Tunnel tent', price: 150, categories: ['Outdoor > Camping > Tents', 'Garden'] },
    ];
    await f.sample.db.products.upsertMany(shop);
    await f.index.productsChanged(shop.map((p) => p.id));
  });
  afterAll(() => f.close());

  it('lists every category with the products search finds in it or under it, by name', async () => {
    expect(await call<Categories>('list_categories', {})).toEqual({
      categories: [
        { name: 'Garden', products: 1 },
        { name: 'Outdoor', products: 3 },
        { name: 'Outdoor > Camping', products: 3 },
        { name: 'Outdoor > Camping > Cookware', products: 1 },
        { name: 'Outdoor > Camping > Tents', products: 2 },
      ],
    });
  });

  it('follows changes at once: a hidden product leaves its categories, a recategorised one moves', async () => {
    await f.sample.db.products.hide('SKU-T1');
    await f.sample.db.products.upsertMany([{ id: 'SKU-R1', title: 'Enamel camping mug', price: 9, categories: ['Kitchen > Mugs'] }]);
    await f.index.productsChanged(['SKU-T1', 'SKU-R1']);
    const { categories } = await call<Categories>('list_categories', {});
    expect(categories).toEqual([
      { name: 'Garden', products: 1 },
      { name: 'Kitchen', products: 1 },
      { name: 'Kitchen > Mugs', products: 1 },
      { name: 'Outdoor', products: 1 },
      { name: 'Outdoor > Camping', products: 1 },
      { name: 'Outdoor > Camping > Tents', products: 1 },
    ]);
    expect(await call<ProductIds>('list_product_ids', { prefix: 'sku-t' })).toEqual({ items: [{ productId: 'SKU-T2', title: 'Tunnel tent' }], total: 1 });
  });

  it('answers the product ids starting with a prefix, letter case ignored, with titles and the total', async () => {
    const data = await call<ProductIds>('list_product_ids', { prefix: '8512', limit: 3 });
    expect(data.items).toHaveLength(3);
    expect(data.items.every((i) => i.productId.startsWith('8512'))).toBe(true);
    expect(data.total).toBeGreaterThan(3);
    const all = await call<ProductIds>('list_product_ids', { prefix: '8512', limit: 100 });
    expect(all.items.map((i) => i.productId)).toEqual([...all.items.map((i) => i.productId)].sort());
    expect(all.items.slice(0, 3)).toEqual(data.items);
    expect(all.items).toContainEqual({ productId: '85123A', title: 'WHITE HANGING HEART T-LIGHT HOLDER' });
    expect((await call<ProductIds>('list_product_ids', { prefix: '85123a' })).items[0]).toMatchObject({ productId: '85123A' });
    const every = await call<ProductIds>('list_product_ids', { prefix: '' });
    expect(every.items).toHaveLength(LIST_PRODUCT_IDS_DEFAULT_LIMIT);
    expect(every.total).toBe(f.index.status().products);
    expect(await call<ProductIds>('list_product_ids', { prefix: 'no-such-code' })).toEqual({ items: [], total: 0 });
  });

  it.each([
    [{}, 'prefix'],
    [{ prefix: 'x'.repeat(129) }, 'prefix'],
    [{ prefix: '85', limit: 0 }, 'limit'],
    [{ prefix: '85', limit: 101 }, 'limit'],
  ])('refuses %j as bad input naming %s', async (input, field) => {
    const result = await f.registry.invoke('list_product_ids', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_INPUT');
    expect(result.error.details?.issues?.map((i) => i.field)).toContain(field);
  });
});
