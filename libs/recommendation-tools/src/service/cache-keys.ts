import { hash } from 'node:crypto';
import { clampK, type RecommendArgs } from './recommend-args';

// Cache namespaces and keys of the serving answers. A customer's answers share one namespace so
// that a live event (LiveFeedback) drops them all at once.

export const POPULAR_NAMESPACE = 'recs:popular';

export function customerNamespace(userId: string): string {
  return `recs:user:${encodeURIComponent(userId)}`;
}

export function productNamespace(productId: string): string {
  return `recs:product:${encodeURIComponent(productId)}`;
}

/** One key for `recommend` and `cachedRecommendations`: the same arguments always meet the same entry. */
export function recommendationKey(version: string | undefined, args: RecommendArgs): string {
  return cacheKey(version, { ...args, k: clampK(args.k), excludeProductIds: [...(args.excludeProductIds ?? [])].sort() });
}

/** Model version + arguments, hashed: a new version never answers from an old one's cache. */
export function cacheKey(version: string | undefined, args: object): string {
  // One-shot hash: a Hash object per lookup cost more than the rest of a cache hit.
  const digest = hash('sha1', JSON.stringify(args), 'base64url').slice(0, 22);
  return `${version ?? 'none'}|${digest}`;
}
