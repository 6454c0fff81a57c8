import type { Product } from '@reco/data';
import { product } from '../__fixtures__/products';
import { CatalogueOverview } from './catalogue-overview';

const inCategories = (id: string, categories: string[]): Product => ({ ...product(id, `Product ${id}`), categories });

describe('CatalogueOverview', () => {
  it('counts each category path and every level above it, a product once per category however many of its paths lie under it', () => {
    const overview = CatalogueOverview.of([
      inCategories('A', ['Home > Kitchen > Mugs', 'Home > Kitchen > Cups']),
      inCategories('B', ['home >  kitchen']),
      inCategories('C', ['Garden']),
      inCategories('D', []),
    ]);
    expect(overview.categories).toEqual([
      { name: 'Garden', products: 1 },
      { name: 'Home', products: 2 },
      { name: 'Home > Kitchen', products: 2 },
      { name: 'Home > Kitchen > Cups', products: 1 },
      { name: 'Home > Kitchen > Mugs', products: 1 },
    ]);
  });

  it('answers the ids starting with a prefix in code order, letter case ignored, the first `limit` and how many', () => {
    const ids = ['85123A', '85123a2', '8512', '85099B', '71053', 'SKU-1', 'sku-2', '851'];
    const overview = CatalogueOverview.of(ids.map((id) => product(id, `T ${id}`)));
    expect(overview.productIds('8512', 10)).toEqual({
      items: [
        { productId: '8512', title: 'T 8512' },
        { productId: '85123A', title: 'T 85123A' },
        { productId: '85123a2', title: 'T 85123a2' },
      ],
      total: 3,
    });
    expect(overview.productIds('85123a', 1)).toEqual({ items: [{ productId: '85123A', title: 'T 85123A' }], total: 2 });
    expect(overview.productIds('Sku-', 10).items.map((i) => i.productId)).toEqual(['SKU-1', 'sku-2']);
    expect(overview.productIds('', 3)).toEqual({ items: expect.any(Array), total: ids.length });
    expect(overview.productIds('', 3).items.map((i) => i.productId)).toEqual(['71053', '85099B', '851']);
    expect(overview.productIds('9', 10)).toEqual({ items: [], total: 0 });
    expect(overview.productIds('zzz', 10)).toEqual({ items: [], total: 0 });
  });
});
