import { hash } from 'node:crypto';
import { categoryKey } from '@reco/data';
import type { RecommendationFilters } from '../merchandising/merchandising-schemas';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
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

/**
 * What an answer was computed from: the model version and the catalogue's fingerprint. A new
 * version, or any change to an offered product (hidden, out of stock, new, new price), makes
 * every earlier answer a miss at once, here and on instances that see the same catalogue.
 */
export function servingScope(version: string | undefined, catalog: CatalogSnapshot): string {
  return `${version ?? 'none'}@${catalog.fingerprint}`;
}

/** One key for `recommend` and `cachedRecommendations`: the same arguments always meet the same entry. */
export function recommendationKey(scope: string, args: RecommendArgs): string {
  return cacheKey(scope, { k: clampK(args.k), excludePurchased: Boolean(args.excludePurchased), ...filterKey(args) });
}

/**
 * Every filter field, normalised so that filters meaning the same meet the same entry (ids
 * sorted, category and tag in one letter case); part of every key of a filtered answer.
 */
export function filterKey(f: Omit<RecommendationFilters, 'excludeProductIds'> & { excludeProductIds?: readonly string[] }): object {
  return {
    excludeProductIds: f.excludeProductIds?.length ? [...f.excludeProductIds].sort() : undefined,
    category: f.category === undefined ? undefined : categoryKey(f.category),
    tag: f.tag?.trim().toLowerCase(),
    minPrice: f.minPrice,
    maxPrice: f.maxPrice,
    includeUnavailable: f.includeUnavailable ? true : undefined,
  };
}

/**
 * A customer's precomputed default list, in their namespace (a live event drops it with their
 * other answers); the scope in the key leaves it unused once the model or the catalogue changes.
 */
export function precomputedKey(scope: string): string {
  return `${scope}|precomputed`;
}

/** Scope + arguments, hashed. */
export function cacheKey(scope: string, args: object): string {
  // One-shot hash: a Hash object per lookup cost more than the rest of a cache hit.
  const digest = hash('sha1', JSON.stringify(args), 'base64url').slice(0, 22);
  return `${scope}|${digest}`;
}
