import type { ItemFilter, ProductInfo } from './recommender-options';

// Per-item eligibility in the Recommender: hidden by the shop (never recommended), recommendable
// but out of stock (only for a call that includes unavailable products), offered.
export const HIDDEN = 0;
export const OUT_OF_STOCK = 1;
export const OFFERED = 2;

export function eligibilityOf(info: ProductInfo): number {
  if (info.recommendable === false) return HIDDEN;
  return info.available === false ? OUT_OF_STOCK : OFFERED;
}

/** The least eligibility a call accepts. */
export function leastEligible(filter: ItemFilter): number {
  return filter.includeUnavailable ? OUT_OF_STOCK : OFFERED;
}
