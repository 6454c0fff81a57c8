import type { AsyncCache } from '../async-cache';
import { sleep } from '../testing/redis-test-env';

/** The behaviour every backend shares. `make` gives a fresh, empty cache; the suite closes it. */
export function runCacheContract(make: () => Promise<AsyncCache>): void {
  let cache: AsyncCache;

  beforeEach(async () => {
    cache = await make();
  });

  afterEach(async () => {
    await cache.close();
  });

  it('misses, then round-trips nested values', async () => {
    expect(await cache.get('absent')).toBeUndefined();
    const value = { id: 'P1', tags: ['red', 'lantern'], price: { amount: 4.95, currency: 'GBP' }, stock: null };
    await cache.set('product:P1', value, { ttlMs: 10_000 });
    expect(await cache.get('product:P1')).toEqual(value);
  });

  it('forgets a value after its TTL', async () => {
    await cache.set('short', 'soon gone', { ttlMs: 40 });
    expect(await cache.get('short')).toBe('soon gone');
    await sleep(80);
    expect(await cache.get('short')).toBeUndefined();
  });

  it('deletes', async () => {
    await cache.set('k', 1, { ttlMs: 10_000 });
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
    await expect(cache.delete('never-set')).resolves.toBeUndefined();
  });

  it('refuses undefined and bad TTLs', async () => {
    await expect(cache.set('k', undefined)).rejects.toThrow(TypeError);
    await expect(cache.set('k', 1, { ttlMs: 0 })).rejects.toThrow(RangeError);
    await expect(cache.get('')).rejects.toThrow(TypeError);
  });

  it('getMany answers in key order with undefined for misses', async () => {
    await cache.set('a', 'A', { ttlMs: 10_000 });
    await cache.set('c', { n: 3 }, { ttlMs: 10_000 });
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual(['A', undefined, { n: 3 }]);
    expect(await cache.getMany([])).toEqual([]);
  });

  it('getOrLoad loads on a miss and caches the value', async () => {
    const loader = jest.fn(async () => ({ items: [1, 2, 3] }));
    expect(await cache.getOrLoad('recs', loader, { ttlMs: 10_000 })).toEqual({ items: [1, 2, 3] });
    expect(await cache.getOrLoad('recs', loader, { ttlMs: 10_000 })).toEqual({ items: [1, 2, 3] });
    expect(loader).toHaveBeenCalledTimes(1);
    expect(await cache.get('recs')).toEqual({ items: [1, 2, 3] });
  });

  it('runs the loader once for 200 concurrent calls on one missing key (single-flight)', async () => {
    let calls = 0;
    const loader = async () => {
      calls++;
      await sleep(30);
      return 'loaded';
    };
    const results = await Promise.all(Array.from({ length: 200 }, () => cache.getOrLoad('cold', loader, { ttlMs: 10_000 })));
    expect(calls).toBe(1);
    expect(new Set(results)).toEqual(new Set(['loaded']));
  });

  it('does not cache a loader error: every waiter sees it, the next call loads again', async () => {
    let calls = 0;
    const failing = async (): Promise<string> => {
      calls++;
      await sleep(10);
      throw new Error('database down');
    };
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => cache.getOrLoad('flaky', failing, { ttlMs: 10_000 })));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
    expect(await cache.getOrLoad('flaky', async () => 'recovered', { ttlMs: 10_000 })).toBe('recovered');
    expect(cache.stats()).toMatchObject({ loads: 2, loadErrors: 1 });
  });

  it('does not cache undefined from a loader', async () => {
    expect(await cache.getOrLoad('nothing', async () => undefined, { ttlMs: 10_000 })).toBeUndefined();
    expect(await cache.getOrLoad('nothing', async () => 'now', { ttlMs: 10_000 })).toBe('now');
  });

  it('serves a stale value within the stale window and refreshes it once in the background', async () => {
    let version = 0;
    const loader = async () => {
      version++;
      await sleep(20);
      return `v${version}`;
    };
    // Windows wide enough that a loaded CI machine cannot step over them; the refresh is awaited
    // by polling, not by a fixed sleep.
    const options = { ttlMs: 400, staleWhileRevalidateMs: 5_000 };
    expect(await cache.getOrLoad('swr', loader, options)).toBe('v1');
    await sleep(450);
    const stale = await Promise.all([1, 2, 3].map(() => cache.getOrLoad('swr', loader, options)));
    expect(stale).toEqual(['v1', 'v1', 'v1']);
    let refreshed: unknown;
    for (let waited = 0; waited < 3_000 && refreshed !== 'v2'; waited += 10) {
      await sleep(10);
      refreshed = await cache.get('swr');
    }
    expect(refreshed).toBe('v2');
    expect(version).toBe(2);
    expect(cache.stats().staleHits).toBe(3);
  });

  it('does not answer a stale value from get, nor past the stale window', async () => {
    await cache.set('old', 'x', { ttlMs: 30, staleWhileRevalidateMs: 60 });
    await sleep(50);
    expect(await cache.get('old')).toBeUndefined();
    await sleep(80);
    expect(await cache.getOrLoad('old', async () => 'fresh', { ttlMs: 1_000 })).toBe('fresh');
  });

  it('scopes keys by namespace', async () => {
    const recs = cache.namespace('recs');
    await recs.set('top', ['P1'], { ttlMs: 10_000 });
    expect(await recs.get('top')).toEqual(['P1']);
    expect(await cache.get('top')).toBeUndefined();
    expect(await cache.namespace('search').get('top')).toBeUndefined();
    expect(await cache.namespace('recs').get('top')).toEqual(['P1']);
    expect(() => cache.namespace('recs::x')).toThrow(TypeError);
  });

  it('invalidates a namespace and everything nested in it, and nothing else', async () => {
    const user1 = cache.namespace('recs:user:1');
    const user2 = cache.namespace('recs').namespace('user').namespace('2');
    const search = cache.namespace('search');
    await user1.set('top', 'u1', { ttlMs: 10_000 });
    await user2.set('top', 'u2', { ttlMs: 10_000 });
    await search.set('q', 'lantern', { ttlMs: 10_000 });

    await cache.invalidateNamespace('recs:user:1');
    expect(await user1.get('top')).toBeUndefined();
    expect(await user2.get('top')).toBe('u2');

    await user1.set('top', 'u1 again', { ttlMs: 10_000 });
    expect(await user1.get('top')).toBe('u1 again');

    await cache.namespace('recs').invalidateNamespace('user');
    expect(await user1.get('top')).toBeUndefined();
    expect(await user2.get('top')).toBeUndefined();
    expect(await search.get('q')).toBe('lantern');
  });

  it('counts hits, misses and loads', async () => {
    await cache.getOrLoad('s', async () => 1, { ttlMs: 10_000 });
    await cache.getOrLoad('s', async () => 1, { ttlMs: 10_000 });
    await cache.get('s');
    await cache.get('nope');
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, loads: 1, loadErrors: 0, errors: 0, fallbacks: 0, available: true });
  });

  it('answers ping', async () => {
    await expect(cache.ping(AbortSignal.timeout(2_000))).resolves.toBeUndefined();
  });
}
