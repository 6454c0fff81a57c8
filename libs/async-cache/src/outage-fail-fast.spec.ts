import type Redis from 'ioredis';
import type { AsyncCache } from './async-cache';
import { CacheCounters } from './cache-counters';
import { silentLogger } from './cache-logger';
import { createCache } from './create-cache';
import { OutageMonitor } from './outage-monitor';
import { createRedisConnection } from './redis-connection';
import { RedisStore } from './redis-store';
import { TcpProxy } from './testing/tcp-proxy';
import { deleteKeysUnder, describeWithRedis, eventually, rawClient, REDIS_URL, uniquePrefix } from './testing/redis-test-env';

// Issue 17, item 5: while Redis is known to be down, calls fail fast (the circuit is open) instead
// of each waiting out the command timeout, and outages leave no listeners behind on the client.
describeWithRedis('cache calls during a known Redis outage', () => {
  const runPrefix = uniquePrefix();
  const target = new URL(REDIS_URL);
  let raw: Redis;
  let proxy: TcpProxy;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(() => {
    raw = rawClient();
  });

  beforeEach(async () => {
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
  });

  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
    await proxy.kill();
  });

  afterAll(async () => {
    await deleteKeysUnder(raw, runPrefix);
    raw.disconnect();
  });

  // Long enough that "failed at once" and "waited for the timeout" stay far apart on a loaded CI
  // machine (a call there took 144 ms that takes a few here).
  const COMMAND_TIMEOUT_MS = 1_000;

  async function tieredCache(keyPrefix: string): Promise<AsyncCache> {
    const cache = createCache({ backend: 'tiered', redisUrl: proxy.url, keyPrefix, commandTimeoutMs: COMMAND_TIMEOUT_MS, outageRetryMs: 50 });
    cleanups.push(() => cache.close());
    await cache.ping(AbortSignal.timeout(3_000));
    return cache;
  }

  /** Every kind of call, timed one by one for `forMs`; the slowest, in ms. */
  async function slowestCall(cache: AsyncCache, forMs: number): Promise<number> {
    let slowest = 0;
    const until = Date.now() + forMs;
    const calls: (() => Promise<unknown>)[] = [
      () => cache.getOrLoad(`load:${Date.now()}`, async () => 'loaded'),
      () => cache.get('absent'),
      () => cache.getMany(['a', 'b']),
      () => cache.set('set', 'value'),
      () => cache.delete('set'),
      () => cache.invalidateNamespace('recs:customer:17462'),
      () => cache.ping(AbortSignal.timeout(5_000)).catch(() => 'refused'),
    ];
    for (let i = 0; Date.now() < until; i++) {
      const started = performance.now();
      await (calls[i % calls.length] as () => Promise<unknown>)();
      slowest = Math.max(slowest, performance.now() - started);
    }
    return slowest;
  }

  it('does not wait for the command timeout while Redis hangs, once the outage is known', async () => {
    const cache = await tieredCache(`${runPrefix}hung:`);
    proxy.pause();
    await cache.get('discovers-the-outage'); // the one call that waits out the timeout
    expect(cache.stats().available).toBe(false);

    // Over many probe intervals (50 ms): no call is the probe that waits.
    expect(await slowestCall(cache, 1_000)).toBeLessThan(COMMAND_TIMEOUT_MS / 2);
    await expect(cache.ping(AbortSignal.timeout(5_000))).rejects.toThrow(/unavailable/);

    proxy.resume();
    await eventually(() => cache.stats().available, 5_000);
    await cache.set('after', 'back', { ttlMs: 10_000 });
    expect(await raw.exists(`${runPrefix}hung:k:after`)).toBe(1);
  });

  it('does not wait for the command timeout nor for a reconnect while Redis is gone', async () => {
    const cache = await tieredCache(`${runPrefix}gone:`);
    await proxy.kill();
    await eventually(() => !cache.stats().available, 2_000);
    expect(await slowestCall(cache, 1_000)).toBeLessThan(COMMAND_TIMEOUT_MS / 2);

    await proxy.start();
    await eventually(() => cache.stats().available, 5_000);
    await expect(cache.ping(AbortSignal.timeout(2_000))).resolves.toBeUndefined();
  });

  it('leaves no listener on the client after 5 outages with health checks waiting in each', async () => {
    const counters = new CacheCounters();
    const monitor = new OutageMonitor('Redis', silentLogger, counters, 50);
    const redis = createRedisConnection({ url: proxy.url, commandTimeoutMs: COMMAND_TIMEOUT_MS, connectTimeoutMs: 1_000 });
    const store = new RedisStore(redis, {
      keyPrefix: `${runPrefix}listeners:`,
      maxTtlMs: 60_000,
      counters,
      logger: silentLogger,
      monitor,
      resumeDelayMs: 50 + COMMAND_TIMEOUT_MS,
    });
    cleanups.push(() => store.close());
    await store.ping(AbortSignal.timeout(3_000));
    const listeners = () => Object.fromEntries(redis.eventNames().map((name) => [String(name), redis.listenerCount(name)]));
    const baseline = listeners();

    let mostReadyListeners = 0;
    for (let cycle = 0; cycle < 5; cycle++) {
      await proxy.kill();
      await eventually(() => !store.available, 2_000);
      // A burst of readiness checks (more than EventEmitter's default limit of 10) and calls.
      const checks = Array.from({ length: 12 }, () => store.ping(AbortSignal.timeout(5_000)).catch(() => 'refused'));
      await store.read('k', ['recs']);
      await store.bumpNamespace('recs');
      mostReadyListeners = Math.max(mostReadyListeners, redis.listenerCount('ready'));
      await proxy.start();
      await eventually(() => store.available, 5_000);
      await Promise.all(checks);
    }
    expect(counters.outages).toBe(5);
    // ioredis itself holds one while a reconnect attempt is under way.
    expect(mostReadyListeners).toBeLessThanOrEqual((baseline['ready'] ?? 0) + 1);
    expect(listeners()).toEqual(baseline);
  });
});
