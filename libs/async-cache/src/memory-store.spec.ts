import { createCache } from './create-cache';
import { runCacheContract } from './__fixtures__/cache-contract';
import { MemoryStore } from './memory-store';

describe('memory cache', () => {
  runCacheContract(async () => createCache({ backend: 'memory' }));
});

describe('MemoryStore bounds', () => {
  const timing = () => ({ freshUntil: Date.now() + 10_000, lifetimeMs: 10_000 });

  it('evicts the least recently used entry past maxEntries', async () => {
    const store = new MemoryStore({ maxEntries: 3, maxBytes: 1_000_000, maxTtlMs: 60_000 });
    for (const key of ['a', 'b', 'c']) await store.write(key, key, timing(), [], { kind: 'set' });
    await store.read('a', []); // a is now recent; b is the oldest
    await store.write('d', 'd', timing(), [], { kind: 'set' });
    expect(store.size).toBe(3);
    expect((await store.read('b', [])).entry).toBeUndefined();
    expect((await store.read('a', [])).entry?.v).toBe('a');
  });

  it('keeps the total approximate size under maxBytes', async () => {
    const store = new MemoryStore({ maxEntries: 1_000, maxBytes: 10_000, maxTtlMs: 60_000 });
    const kilobyteish = 'x'.repeat(1_000); // ~2 KB counted as UTF-16
    for (let i = 0; i < 20; i++) await store.write(`k${i}`, kilobyteish, timing(), [], { kind: 'set' });
    expect(store.size).toBeLessThanOrEqual(5);
    expect((await store.read('k19', [])).entry?.v).toBe(kilobyteish);
    await store.write('huge', 'y'.repeat(20_000), timing(), [], { kind: 'set' });
    expect((await store.read('huge', [])).entry).toBeUndefined();
  });

  it('clears itself rather than forget a namespace version (a forgotten one could revive stale entries)', async () => {
    const store = new MemoryStore({ maxEntries: 100, maxBytes: 1_000_000, maxTtlMs: 60_000, maxNamespaces: 2 });
    await store.bumpNamespace('a');
    await store.write('a:x', 1, timing(), ['a'], { kind: 'set' });
    await store.bumpNamespace('b');
    await store.bumpNamespace('c'); // evicts a's version
    expect((await store.read('a:x', ['a'])).entry).toBeUndefined();
    expect(store.size).toBe(0);
  });
});

describe('peek (synchronous, in-process hits only)', () => {
  it('answers the very value held, fresh only, and counts hits but not misses', async () => {
    const cache = createCache({ backend: 'memory' });
    const recs = cache.namespace('recs:user:17850');
    const value = { items: ['85123A'] };
    expect(recs.peek('top')).toBeUndefined();
    await recs.set('top', value, { ttlMs: 10_000, staleWhileRevalidateMs: 10_000 });
    expect(recs.peek('top')).toBe(value);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 0 });
    expect(cache.namespace('recs:user:12347').peek('top')).toBeUndefined();
    await cache.close();
  });

  it('misses once the namespace is invalidated or the value is only stale', async () => {
    const cache = createCache({ backend: 'memory' });
    const recs = cache.namespace('recs:user:17850');
    await recs.set('top', 'fresh', { ttlMs: 10_000 });
    await cache.invalidateNamespace('recs');
    expect(recs.peek('top')).toBeUndefined();

    await recs.set('soon-stale', 'value', { ttlMs: 20, staleWhileRevalidateMs: 60_000 });
    await new Promise((r) => setTimeout(r, 40));
    // getOrLoad may still answer it while refreshing; peek, which never loads, must not.
    expect(recs.peek('soon-stale')).toBeUndefined();
    await cache.close();
  });
});
