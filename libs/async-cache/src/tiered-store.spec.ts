import type Redis from 'ioredis';
import type { AsyncCache } from './async-cache';
import { createCache, type CacheOptions } from './create-cache';
import { runCacheContract } from './__fixtures__/cache-contract';
import { recordingLogger } from './__fixtures__/recording-logger';
import { deleteKeysUnder, describeWithRedis, eventually, rawClient, REDIS_URL, sleep, uniquePrefix } from './testing/redis-test-env';
import { TcpProxy } from './testing/tcp-proxy';

describeWithRedis('tiered cache', () => {
  const runPrefix = uniquePrefix();
  let raw: Redis;
  const opened: AsyncCache[] = [];
  let n = 0;

  async function tieredCache(options: CacheOptions = {}): Promise<AsyncCache> {
    const cache = createCache({ backend: 'tiered', redisUrl: REDIS_URL, keyPrefix: `${runPrefix}${n++}:`, ...options });
    opened.push(cache);
    await cache.ping(AbortSignal.timeout(3_000));
    return cache;
  }

  beforeAll(() => {
    raw = rawClient();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await deleteKeysUnder(raw, runPrefix);
    raw.disconnect();
  });

  describe('contract', () => {
    runCacheContract(() => tieredCache());
  });

  it('answers L1 hits without Redis and writes through to Redis', async () => {
    const prefix = `${runPrefix}wt:`;
    const cache = await tieredCache({ keyPrefix: prefix });
    await cache.set('k', { at: new Date(7) }, { ttlMs: 10_000 });
    expect(await raw.exists(`${prefix}k:k`)).toBe(1);
    await raw.unlink(`${prefix}k:k`); // L1 still holds it, for at most l1TtlMs
    expect(await cache.get('k')).toEqual({ at: new Date(7) });
  });

  it('drops other instances\' L1 copies on set, delete and namespace invalidation (pub/sub)', async () => {
    const prefix = `${runPrefix}bus:`;
    // A long L1 TTL, so only the broadcast can make B see A's changes.
    const a = await tieredCache({ keyPrefix: prefix, l1TtlMs: 60_000 });
    const b = await tieredCache({ keyPrefix: prefix, l1TtlMs: 60_000 });

    await a.set('k', 'v1', { ttlMs: 60_000 });
    expect(await b.get('k')).toBe('v1'); // now in B's L1
    await a.set('k', 'v2', { ttlMs: 60_000 });
    await eventually(async () => (await b.get('k')) === 'v2', 2_000);

    await a.delete('k');
    await eventually(async () => (await b.get('k')) === undefined, 2_000);

    const recsA = a.namespace('recs:user:1');
    const recsB = b.namespace('recs:user:1');
    await recsA.set('top', ['P1'], { ttlMs: 60_000 });
    expect(await recsB.get('top')).toEqual(['P1']);
    await a.invalidateNamespace('recs');
    await eventually(async () => (await recsB.get('top')) === undefined, 2_000);
  });

  it('peeks into L1 only, and an invalidation from another instance ends the peek hits', async () => {
    const prefix = `${runPrefix}peek:`;
    const a = await tieredCache({ keyPrefix: prefix, l1TtlMs: 60_000 });
    const b = await tieredCache({ keyPrefix: prefix, l1TtlMs: 60_000 });
    await a.namespace('recs:user:2').set('top', ['P2'], { ttlMs: 60_000 });
    const recsB = b.namespace('recs:user:2');
    expect(recsB.peek('top')).toBeUndefined(); // in Redis, not yet in B's memory
    expect(await recsB.get('top')).toEqual(['P2']);
    expect(recsB.peek('top')).toEqual(['P2']);
    await a.invalidateNamespace('recs:user:2');
    await eventually(async () => recsB.peek('top') === undefined, 2_000);
  });

  it('runs the loader once across two instances', async () => {
    const prefix = `${runPrefix}lock:`;
    const a = await tieredCache({ keyPrefix: prefix });
    const b = await tieredCache({ keyPrefix: prefix });
    let loads = 0;
    const loader = async () => {
      loads++;
      await sleep(80);
      return 'once';
    };
    const results = await Promise.all([a, b, a, b].map((c) => c.getOrLoad('k', loader, { ttlMs: 10_000 })));
    expect(results).toEqual(['once', 'once', 'once', 'once']);
    expect(loads).toBe(1);
  });

  it('falls back to L1 and the loader while Redis is gone, then resumes', async () => {
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    try {
      const logger = recordingLogger();
      const prefix = `${runPrefix}outage:`;
      const cache = createCache({ backend: 'tiered', redisUrl: proxy.url, keyPrefix: prefix, commandTimeoutMs: 100, outageRetryMs: 50, logger });
      opened.push(cache);
      await cache.ping(AbortSignal.timeout(3_000));
      await cache.set('held', 'in L1', { ttlMs: 60_000 });

      await proxy.kill();
      expect(await cache.get('held')).toBe('in L1');
      let loads = 0;
      for (let i = 0; i < 20; i++) {
        expect(await cache.getOrLoad('new', async () => ++loads, { ttlMs: 60_000 })).toBe(1); // loaded once, then from L1
      }
      expect(cache.stats().available).toBe(false);
      expect(logger.count('warn')).toBe(1);

      await proxy.start();
      await eventually(() => cache.stats().available, 5_000);
      await cache.set('after', 'back', { ttlMs: 10_000 });
      await eventually(async () => (await raw.get(`${prefix}k:after`)) !== null, 2_000);
    } finally {
      await proxy.kill();
    }
  });
});
