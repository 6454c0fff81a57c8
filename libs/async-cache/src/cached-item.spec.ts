import pino from 'pino';
import { cacheKey, getCachedItem, setCachedItem } from './cached-item';
import { createCache } from './create-cache';
import type { CacheLogger } from './cache-logger';

describe('two-call helpers', () => {
  it('store and read a value under a key made of parts', async () => {
    const cache = createCache();
    expect(await getCachedItem(cache, ['recs', 17850, 'top'])).toBeUndefined();
    await setCachedItem(cache, ['recs', 17850, 'top'], ['P1', 'P2'], 10_000);
    expect(await getCachedItem(cache, 'recs:17850:top')).toEqual(['P1', 'P2']);
    expect(cacheKey(['a', 1])).toBe('a:1');
    await cache.close();
  });

  it('accept a pino logger as the cache logger', () => {
    const logger: CacheLogger = pino({ level: 'silent' });
    expect(() => createCache({ logger })).not.toThrow();
  });

  it('reject an unknown backend', () => {
    expect(() => createCache({ backend: 'memcached' as never })).toThrow(/unknown cache backend/);
  });
});
