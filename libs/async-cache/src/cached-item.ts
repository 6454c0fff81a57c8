import type { AsyncCache } from './async-cache';

/** A key as one string, or as parts joined with ':' (`['recs', userId, k]`). */
export type CacheKey = string | readonly (string | number)[];

export function cacheKey(key: CacheKey): string {
  return typeof key === 'string' ? key : key.join(':');
}

/** Two-call style, first half: the cached value or undefined. */
export function getCachedItem<T>(cache: AsyncCache, key: CacheKey): Promise<T | undefined> {
  return cache.get<T>(cacheKey(key));
}

/** Two-call style, second half: store `value` for `ttlMs`. */
export function setCachedItem<T>(cache: AsyncCache, key: CacheKey, value: T, ttlMs?: number): Promise<void> {
  return cache.set(cacheKey(key), value, ttlMs === undefined ? undefined : { ttlMs });
}
