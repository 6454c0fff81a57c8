import type { ScoredProduct } from '@reco/base-tools';
import type { RankedItem } from '../model/recommender-options';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';

/** Reason of a product that fills a list the model left short. */
export const CATALOG_FILL_REASON = 'catalog';

export interface FillFilter {
  k: number;
  /** Walk only this category's products (and under it): the filter's category, when it has one. */
  category?: string;
  /** The request's filter (candidateFilter): only products it accepts fill the list. */
  accept: (productId: string) => boolean;
  /** Show products out of stock too (they do not fill: the newest order holds offered products only). */
  includeUnavailable?: boolean;
}

/**
 * Up to `n` offered products that pass the filter and are not `listed`, newest first (score 0,
 * reason `catalog`). A category walks its own products, not the catalogue.
 */
export function catalogFill(catalog: CatalogSnapshot, listed: ReadonlySet<string>, n: number, filter: Omit<FillFilter, 'k'>): RankedItem[] {
  const fill: RankedItem[] = [];
  if (n <= 0) return fill;
  for (const p of catalog.newestFirst(filter.category)) {
    if (fill.length >= n) break;
    if (listed.has(p.id) || !filter.accept(p.id)) continue;
    fill.push({ productId: p.id, score: 0, reason: CATALOG_FILL_REASON });
  }
  return fill;
}

/**
 * Fills `items` up to k with offered products that pass the same filter, newest first (score
 * 0, reason `catalog`): a product added since the last training, or a category the model's list
 * covers thinly, still gives a full list.
 */
export function fillFromCatalog(catalog: CatalogSnapshot, items: ScoredProduct[], filter: FillFilter): ScoredProduct[] {
  if (items.length >= filter.k) return items;
  const fill = catalogFill(catalog, new Set(items.map((i) => i.productId)), filter.k - items.length, filter);
  return fill.length === 0 ? items : [...items, ...catalog.present(fill, filter.includeUnavailable)];
}
