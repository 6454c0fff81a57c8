import type { Product } from '@reco/data';
import { CatalogSnapshot } from '../registry/catalog-snapshot';
import { CATALOG_FILL_REASON, fillFromCatalog } from './list-fill';

const DAY = 86_400_000;
const T = Date.parse('2024-01-01T00:00:00Z');

function product(id: string, day: number, categories: string[], price = 5): Product {
  const at = new Date(T + day * DAY);
  return { id, title: id, description: null, price, typicalPrice: null, currency: 'EUR', categories, tags: [], available: true, recommendable: true, createdAt: at, updatedAt: at, imageUrl: null, url: null };
}

describe('fillFromCatalog', () => {
  const catalog = new CatalogSnapshot([
    product('MUG-OLD', 1, ['Home > Kitchen > Mugs']),
    product('MUG-NEW', 9, ['Home > Kitchen > Mugs']),
    product('PAN', 8, ['Home > Kitchen > Pans'], 40),
    product('PUZZLE', 10, ['Toys > Puzzles']),
  ]);
  const ids = (items: { productId: string }[]) => items.map((i) => i.productId);

  it('fills a short list with the newest offered products that pass the filters', () => {
    const filled = fillFromCatalog(catalog, [], { k: 3, accept: (id) => id !== 'MUG-NEW' && (catalog.get(id)?.price ?? 0) <= 10 });
    expect(ids(filled)).toEqual(['PUZZLE', 'MUG-OLD']);
    expect(filled.every((i) => i.reason === CATALOG_FILL_REASON && i.score === 0)).toBe(true);
  });

  it('fills from the category (and under it) only, and sees catalogue changes', () => {
    expect(ids(fillFromCatalog(catalog, [], { k: 5, category: 'home > kitchen', accept: () => true }))).toEqual(['MUG-NEW', 'PAN', 'MUG-OLD']);
    const [listed] = fillFromCatalog(catalog, [], { k: 1, category: 'Home > Kitchen > Mugs', accept: () => true });
    expect(ids(fillFromCatalog(catalog, [listed], { k: 5, category: 'Home > Kitchen > Mugs', accept: () => true }))).toEqual(['MUG-NEW', 'MUG-OLD']);
    catalog.apply([product('MUG-NEWEST', 20, ['Home > Kitchen > Mugs'])]);
    expect(ids(fillFromCatalog(catalog, [], { k: 5, category: 'Home > Kitchen > Mugs', accept: () => true }))).toEqual(['MUG-NEWEST', 'MUG-NEW', 'MUG-OLD']);
  });
});
