import type Redis from 'ioredis';
import type { AsyncCache } from './async-cache';
import { createCache, type CacheOptions } from './create-cache';
import { runCacheContract } from './__fixtures__/cache-contract';
import { recordingLogger } from './__fixtures__/recording-logger';
import { closedPort, deleteKeysUnder, describeWithRedis, eventually, rawClient, REDIS_URL, sleep, uniquePrefix } from './testing/redis-test-env';
import { TcpProxy } from './testing/tcp-proxy';

describeWithRedis('redis cache', () => {
  const runPrefix = uniquePrefix();
  let raw: Redis;
  const opened: AsyncCache[] = [];
  let n = 0;

  /** A Redis cache under this run's prefix (a fresh sub-prefix unless given), connected. */
  async function redisCache(options: CacheOptions = {}): Promise<AsyncCache> {
    const cache = createCache({ backend: 'redis', redisUrl: REDIS_URL, keyPrefix: `${runPrefix}${n++}:`, ...options });
    opened.push(cache);
    if (!options.redisUrl || options.redisUrl === REDIS_URL) await cache.ping(AbortSignal.timeout(3_000));
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
    runCacheContract(() => redisCache());
  });

  it('round-trips Dates and nested objects through Redis', async () => {
    const cache = await redisCache();
    const order = { id: 'C17850', placedAt: new Date('2011-12-09T12:50:00Z'), lines: [{ sku: '85123A', shippedAt: new Date(1_000) }] };
    await cache.set('order', order, { ttlMs: 10_000 });
    const back = await (await redisCache({ keyPrefix: `${runPrefix}${n - 1}:` })).get<typeof order>('order');
    expect(back).toEqual(order);
    expect(back?.placedAt).toBeInstanceOf(Date);
    expect(back?.lines[0]?.shippedAt).toBeInstanceOf(Date);
  });

  it('has nothing to peek at: every read is a round trip', async () => {
    const cache = await redisCache();
    await cache.set('k', 'v', { ttlMs: 10_000 });
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k')).toBe('v');
  });

  it('keeps the TTL in Redis (PTTL = ttl + stale window)', async () => {
    const prefix = `${runPrefix}ttl:`;
    const cache = await redisCache({ keyPrefix: prefix });
    await cache.set('k', 'v', { ttlMs: 5_000, staleWhileRevalidateMs: 1_000 });
    const pttl = await raw.pttl(`${prefix}k:k`);
    expect(pttl).toBeGreaterThan(5_500);
    expect(pttl).toBeLessThanOrEqual(6_000);
  });

  it('keeps deployments apart by key prefix', async () => {
    const prod = await redisCache({ keyPrefix: `${runPrefix}prod:` });
    const staging = await redisCache({ keyPrefix: `${runPrefix}staging:` });
    await prod.set('k', 'prod', { ttlMs: 10_000 });
    expect(await staging.get('k')).toBeUndefined();
    expect(await prod.get('k')).toBe('prod');
  });

  it('treats an undecodable value as a miss, counts an error, and replaces it on load', async () => {
    const prefix = `${runPrefix}bad:`;
    const cache = await redisCache({ keyPrefix: prefix });
    await raw.set(`${prefix}k:bad`, '{not json', 'PX', 10_000);
    expect(await cache.get('bad')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ errors: 1, misses: 1 });
    expect(await cache.getOrLoad('bad', async () => 'good', { ttlMs: 10_000 })).toBe('good');
    expect(await cache.get('bad')).toBe('good');
  });

  it('shares namespace invalidation between instances (version counter in Redis)', async () => {
    const prefix = `${runPrefix}ns:`;
    const a = await redisCache({ keyPrefix: prefix });
    const b = await redisCache({ keyPrefix: prefix });
    await a.namespace('recs:user:1').set('top', ['P1'], { ttlMs: 10_000 });
    expect(await b.namespace('recs:user:1').get('top')).toEqual(['P1']);
    await b.invalidateNamespace('recs');
    expect(await a.namespace('recs:user:1').get('top')).toBeUndefined();
    expect(Number(await raw.get(`${prefix}ns:recs`))).toBe(1);
    expect(await raw.pttl(`${prefix}ns:recs`)).toBeGreaterThan(0);
  });

  it('runs the loader once across two instances with separate connections (distributed lock)', async () => {
    const prefix = `${runPrefix}lock:`;
    const a = await redisCache({ keyPrefix: prefix });
    const b = await redisCache({ keyPrefix: prefix });
    let loads = 0;
    const loader = async () => {
      loads++;
      await sleep(100);
      return { computed: true };
    };
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => a.getOrLoad('shared', loader, { ttlMs: 10_000 })),
      ...Array.from({ length: 50 }, () => b.getOrLoad('shared', loader, { ttlMs: 10_000 })),
    ]);
    expect(loads).toBe(1);
    expect(results.every((r) => r.computed)).toBe(true);
    expect(a.stats().lockWaits + b.stats().lockWaits).toBe(1);
    expect(await raw.exists(`${prefix}lock:shared`)).toBe(0); // released
  });

  it('takes a 1,000-call stampede on one cold key with one load and no command timeouts', async () => {
    const cache = await redisCache();
    let loads = 0;
    const results = await Promise.all(
      Array.from({ length: 1_000 }, () =>
        cache.getOrLoad('hot', async () => {
          loads++;
          await sleep(20);
          return 'v';
        }),
      ),
    );
    expect(results.every((r) => r === 'v')).toBe(true);
    expect(loads).toBe(1);
    expect(cache.stats()).toMatchObject({ errors: 0, fallbacks: 0, misses: 1_000 });
  });

  it('waits a bounded time for a lock holder that never delivers, then loads itself', async () => {
    const prefix = `${runPrefix}stuck:`;
    const cache = await redisCache({ keyPrefix: prefix, lockWaitMs: 150, lockPollMs: 20 });
    await raw.set(`${prefix}lock:k`, 'someone-else', 'PX', 10_000);
    const started = Date.now();
    expect(await cache.getOrLoad('k', async () => 'mine', { ttlMs: 10_000 })).toBe('mine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(cache.stats()).toMatchObject({ loads: 1, lockWaits: 1 });
    expect(await raw.get(`${prefix}lock:k`)).toBe('someone-else'); // not ours to delete
  });

  it('keeps answering through the loader when Redis is unreachable (closed port), warning once', async () => {
    const logger = recordingLogger();
    const cache = await redisCache({ redisUrl: `redis://127.0.0.1:${await closedPort()}`, commandTimeoutMs: 100, logger });
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      expect(await cache.getOrLoad(`k${i % 3}`, async () => `loaded ${i}`, { ttlMs: 10_000 })).toBe(`loaded ${i}`);
      expect(await cache.get('k0')).toBeUndefined();
      await cache.set('k0', 'x', { ttlMs: 10_000 });
      await cache.invalidateNamespace('recs');
    }
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(cache.stats()).toMatchObject({ available: false, outages: 1, loads: 20 });
    expect(cache.stats().fallbacks).toBeGreaterThan(20);
    expect(logger.count('warn')).toBe(1);
    await expect(cache.ping(AbortSignal.timeout(100))).rejects.toThrow();
  });

  describe('through a proxy the test controls', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      const target = new URL(REDIS_URL);
      proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      await proxy.start();
    });
    afterEach(async () => {
      await proxy.kill();
    });

    it('keeps every request succeeding when Redis goes away mid-run, then resumes by itself', async () => {
      const prefix = `${runPrefix}proxy:`;
      const logger = recordingLogger();
      const cache = createCache({ backend: 'redis', redisUrl: proxy.url, keyPrefix: prefix, commandTimeoutMs: 100, outageRetryMs: 50, logger });
      opened.push(cache);
      await cache.ping(AbortSignal.timeout(3_000));

      const answers: string[] = [];
      for (let i = 0; i < 300; i++) {
        if (i === 100) await proxy.kill();
        if (i === 200) await proxy.start();
        const key = `item:${i % 10}`;
        answers.push(await cache.getOrLoad(key, async () => `value of ${key}`, { ttlMs: 60_000 }));
        await sleep(2);
      }
      expect(answers).toHaveLength(300);
      expect(answers.every((a, i) => a === `value of item:${i % 10}`)).toBe(true);
      expect(logger.count('warn')).toBe(1);
      expect(cache.stats().outages).toBe(1);

      await eventually(() => cache.stats().available, 5_000);
      await cache.set('after', 'back', { ttlMs: 10_000 });
      expect(await raw.get(`${prefix}k:after`)).not.toBeNull();
      expect(logger.lines.some((l) => l.level === 'info' && /available again/.test(l.message))).toBe(true);
    });

    it('bounds each call when Redis hangs (paused proxy) and resumes when it answers again', async () => {
      const prefix = `${runPrefix}hung:`;
      const logger = recordingLogger();
      const cache = createCache({ backend: 'redis', redisUrl: proxy.url, keyPrefix: prefix, commandTimeoutMs: 100, outageRetryMs: 200, logger });
      opened.push(cache);
      await cache.ping(AbortSignal.timeout(3_000));
      await cache.set('warm', 'from redis', { ttlMs: 60_000 });

      proxy.pause();
      let started = Date.now();
      expect(await cache.getOrLoad('warm', async () => 'from loader', { ttlMs: 60_000 })).toBe('from loader');
      expect(Date.now() - started).toBeLessThan(400); // read timeout + write fallback, no hang
      started = Date.now();
      for (let i = 0; i < 50; i++) await cache.getOrLoad(`k${i}`, async () => i, { ttlMs: 60_000 });
      expect(Date.now() - started).toBeLessThan(400); // while down, calls skip Redis (the probe runs in the background)
      expect(logger.count('warn')).toBe(1);

      proxy.resume();
      await eventually(async () => (await cache.get('warm')) !== undefined, 5_000);
      expect(cache.stats().available).toBe(true);
    });
  });
});
