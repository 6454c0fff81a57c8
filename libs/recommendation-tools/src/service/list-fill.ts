import type { ScoredProduct } from '@reco/base-tools';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';

/** Reason of a product that fills a list the model left short. */
export const CATALOG_FILL_REASON = 'catalog';

export interface FillFilter {
  k: number;
  minPrice?: number;
  maxPrice?: number;
  category?: string;
  exclude: ReadonlySet<string>;
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
  for (const p of catalog.newestFirst(filter.category)) {
    if (items.length + fill.length >= filter.k) break;
    if (listed.has(p.id) || filter.exclude.has(p.id)) continue;
    if (filter.minPrice !== undefined && !(p.price >= filter.minPrice)) continue;
    if (filter.maxPrice !== undefined && !(p.price <= filter.maxPrice)) continue;
    fill.push({ productId: p.id, score: 0, reason: CATALOG_FILL_REASON });
  }
  return fill.length === 0 ? items : [...items, ...catalog.present(fill)];
}
