import type { RecommendationFilters } from '../merchandising/merchandising-schemas';

/** Longest list any call returns (the tools' `k` bound, the CLI's `--k`). */
export const MAX_K = 100;

/**
 * A customer's list: how many, whether to leave out what they bought, and the per-request
 * filters every answer takes (excludeProductIds, category and everything under it, tag, price
 * range, includeUnavailable).
 */
export interface RecommendArgs extends Omit<RecommendationFilters, 'excludeProductIds'> {
  k: number;
  excludePurchased?: boolean;
  excludeProductIds?: readonly string[];
}

/** An anonymous visitor's list: from the session's events; what it bought there is left out. */
export interface SessionRecommendArgs extends Omit<RecommendationFilters, 'excludeProductIds'> {
  k: number;
  excludeProductIds?: readonly string[];
}

export interface PopularArgs {
  k: number;
  sinceDays?: number;
  country?: string;
}

/** The filters of a call, and only those (what cache keys and predicates are made of). */
export function filtersOf(args: Omit<RecommendationFilters, 'excludeProductIds'> & { excludeProductIds?: readonly string[] }): RecommendationFilters {
  return {
    excludeProductIds: args.excludeProductIds === undefined ? undefined : [...args.excludeProductIds],
    category: args.category,
    tag: args.tag,
    minPrice: args.minPrice,
    maxPrice: args.maxPrice,
    includeUnavailable: args.includeUnavailable,
  };
}

/** True when the call filters nothing (the default list). */
export function unfiltered(f: Omit<RecommendationFilters, 'excludeProductIds'> & { excludeProductIds?: readonly string[] }): boolean {
  return (
    (f.excludeProductIds === undefined || f.excludeProductIds.length === 0) &&
    f.category === undefined &&
    f.tag === undefined &&
    f.minPrice === undefined &&
    f.maxPrice === undefined &&
    !f.includeUnavailable
  );
}

export function clampK(k: number): number {
  return Math.max(1, Math.min(MAX_K, Math.floor(k)));
}
