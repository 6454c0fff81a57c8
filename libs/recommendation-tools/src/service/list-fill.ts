import type { ScoredProduct } from '@reco/base-tools';
import { categoryKey, type Product } from '@reco/data';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';

/** Reason of a product that fills a list the model left short. */
export const CATALOG_FILL_REASON = 'catalog';

// Category lists remembered per catalogue state (like the snapshot's own category filters).
const MAX_REMEMBERED_CATEGORIES = 256;

export interface FillFilter {
  k: number;
  minPrice?: number;
  maxPrice?: number;
  category?: string;
  exclude: ReadonlySet<string>;
}

// newestFirst() is a new array after any change to the snapshot: the key of its category lists.
const newestByCategory = new WeakMap<readonly Product[], Map<string, readonly Product[]>>();

/** Offered products of the category (all when undefined), newest first. */
function newestIn(catalog: CatalogSnapshot, category: string | undefined): readonly Product[] {
  const newest = catalog.newestFirst();
  if (category === undefined) return newest;
  let lists = newestByCategory.get(newest);
  if (!lists) newestByCategory.set(newest, (lists = new Map()));
  const key = categoryKey(category);
  let list = lists.get(key);
  if (!list) {
    const members = catalog.categoryMembers(category);
    if (lists.size >= MAX_REMEMBERED_CATEGORIES) lists.clear();
    lists.set(key, (list = newest.filter((p) => members.has(p.id))));
  }
  return list;
}

/**
 * Fills `items` up to k with offered products that pass the same filters, newest first (score
 * 0, reason `catalog`): a product added since the last training, or a category the model's list
 * covers thinly, still gives a full list. A category walks its own products, not the catalogue.
 */
export function fillFromCatalog(catalog: CatalogSnapshot, items: ScoredProduct[], filter: FillFilter): ScoredProduct[] {
  if (items.length >= filter.k) return items;
  const listed = new Set(items.map((i) => i.productId));
  const fill: { productId: string; score: number; reason: string }[] = [];
  for (const p of newestIn(catalog, filter.category)) {
    if (items.length + fill.length >= filter.k) break;
    if (listed.has(p.id) || filter.exclude.has(p.id)) continue;
    if (filter.minPrice !== undefined && !(p.price >= filter.minPrice)) continue;
    if (filter.maxPrice !== undefined && !(p.price <= filter.maxPrice)) continue;
    fill.push({ productId: p.id, score: 0, reason: CATALOG_FILL_REASON });
  }
  return fill.length === 0 ? items : [...items, ...catalog.present(fill)];
}
