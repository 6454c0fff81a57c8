/** Longest list any call returns (the tools' `k` bound, the CLI's `--k`). */
export const MAX_K = 100;

export interface RecommendArgs {
  k: number;
  excludePurchased?: boolean;
  minPrice?: number;
  maxPrice?: number;
  excludeProductIds?: readonly string[];
  /** A category path: products in it or under it (`Home > Kitchen` takes `Home > Kitchen > Mugs`). */
  category?: string;
}

/** An anonymous visitor's list: from the session's events; what it bought there is left out. */
export interface SessionRecommendArgs {
  k: number;
  category?: string;
}

export interface PopularArgs {
  k: number;
  sinceDays?: number;
  country?: string;
}

export function clampK(k: number): number {
  return Math.max(1, Math.min(MAX_K, Math.floor(k)));
}
