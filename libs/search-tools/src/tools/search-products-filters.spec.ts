import { openSearchFixture, type SearchFixture } from '../__fixtures__/search-fixture';

interface Item {
  productId: string;
  title: string;
  categories: string[];
  tags: string[];
  available: boolean;
  match: string;
}

// search_products over the sample plus a few products of a shop in the open format.
describe('search_products: categories and tags', () => {
  let f: SearchFixture;
  const search = async (input: Record<string, unknown>) => {
    const result = await f.registry.invoke<{ items: Item[]; total: number }>('search_products', input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.data.items.filter((i) => i.match !== 'vector');
  };

  beforeAll(async () => {
    f = await openSearchFixture();
    await f.index.search({ text: 'bag', limit: 1, offset: 0 });
    const shop = [
      { id: 'SKU-R1', title: 'Enamel camping mug', price: 9, categories: ['Outdoor > Camping > Cookware'], tags: ['color:Red', 'sale'] },
      { id: 'SKU-B1', title: 'Enamel camping mug', price: 9, categories: ['Outdoor > Camping > Cookware'], tags: ['color:blue'] },
      { id: 'SKU-T1', title: 'Dome tent', price: 120, categories: ['Outdoor > Camping > Tents'], tags: ['color:red'], available: false },
      { id: 'SKU-T2', title: 'Tunnel tent', price: 150, categories: ['Outdoor > Camping > Tents'], tags: ['color:green'] },
    ];
    await f.sample.db.products.upsertMany(shop);
    await f.index.productsChanged(shop.map((p) => p.id));
  });
  afterAll(() => f.close());

  it('answers categories and tags with each product', async () => {
    const [mug] = await search({ query: 'enamel camping mug', tag: 'sale' });
    expect(mug).toMatchObject({ productId: 'SKU-R1', title: 'Enamel camping mug', categories: ['Outdoor > Camping > Cookware'], tags: ['color:Red', 'sale'], available: true });
  });

  it('filters by a category and everything under it', async () => {
    expect((await search({ query: 'tent', category: 'outdoor > camping' })).map((i) => i.productId).sort()).toEqual(['SKU-T1', 'SKU-T2']);
    expect((await search({ query: 'camping', category: 'Outdoor > Camping > Cookware' })).map((i) => i.productId).sort()).toEqual(['SKU-B1', 'SKU-R1']);
    expect(await search({ query: 'bag', category: 'Outdoor' })).toEqual([]);
  });

  it('filters by a whole tag', async () => {
    expect((await search({ query: 'camping', tag: 'color:red' })).map((i) => i.productId)).toEqual(['SKU-R1', 'SKU-T1']);
    expect(await search({ query: 'camping', tag: 'red' })).toEqual([]);
  });

  it('ranks the red products first for "red camping", the tent out of stock after the mug', async () => {
    const items = await search({ query: 'red camping' });
    expect(items.slice(0, 2).map((i) => i.productId)).toEqual(['SKU-R1', 'SKU-T1']);
  });

  it.each([
    [{ query: 'tent', category: 'Outdoor >  > Tents' }, 'category'],
    [{ query: 'tent', category: '' }, 'category'],
    [{ query: 'tent', category: 'x'.repeat(301) }, 'category'],
    [{ query: 'tent', tag: ' ' }, 'tag'],
    [{ query: 'tent', tag: 'x'.repeat(101) }, 'tag'],
  ])('rejects %j naming %s', async (input, field) => {
    const result = await f.registry.invoke('search_products', input);
    expect(!result.ok && result.error.code).toBe('BAD_INPUT');
    expect(!result.ok && result.error.details?.issues?.map((i) => i.field)).toEqual([field]);
  });
});
