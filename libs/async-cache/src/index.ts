// Public API of @reco/async-cache.
export type { AsyncCache, CacheEntryOptions, CacheLoader, CacheStats } from './async-cache';
export type { CacheLogger } from './cache-logger';
export { silentLogger } from './cache-logger';
export { createCache, CACHE_DEFAULTS, type CacheBackend, type CacheOptions } from './create-cache';
export { cacheKey, getCachedItem, setCachedItem, type CacheKey } from './cached-item';
export { encodeValue, decodeValue } from './cache-codec';
