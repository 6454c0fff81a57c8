import type Redis from 'ioredis';
import type { AsyncCache } from './async-cache';
import { decodeEntry } from './cache-codec';
import { createCache } from './create-cache';
import { TcpProxy } from './testing/tcp-proxy';
import { deleteKeysUnder, describeWithRedis, eventually, rawClient, REDIS_URL, sleep, uniquePrefix } from './testing/redis-test-env';

// Issue 17, item 1: two instances (two tiered caches) share Redis, each through a proxy the test
// kills. An invalidation made while Redis is gone cannot reach it; once Redis is back, neither
// instance may answer what was cached before the outage, whichever reconnects first.
describeWithRedis('tiered cache after a Redis outage', () => {
  const runPrefix = uniquePrefix();
  const target = new URL(REDIS_URL);
  let raw: Redis;
  const proxies: TcpProxy[] = [];
  const opened: AsyncCache[] = [];

  beforeAll(() => {
    raw = rawClient();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
    await Promise.all(proxies.splice(0).map((p) => p.kill()));
  });

  afterAll(async () => {
    await deleteKeysUnder(raw, runPrefix);
    raw.disconnect();
  });

  /** One instance's cache behind its own proxy to Redis. */
  async function instance(keyPrefix: string): Promise<{ cache: AsyncCache; proxy: TcpProxy }> {
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    proxies.push(proxy);
    await proxy.start();
    // A short L1 life, so both instances show the new list during the outage (as in the finding).
    const cache = createCache({ backend: 'tiered', redisUrl: proxy.url, keyPrefix, l1TtlMs: 150, commandTimeoutMs: 200, outageRetryMs: 50 });
    opened.push(cache);
    await cache.ping(AbortSignal.timeout(3_000));
    return { cache, proxy };
  }

  /** Customer 17462's purchases (the "database") and the recommendations cached from them. */
  function shop(keyPrefix: string) {
    const bought = new Set<string>();
    const catalogue = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
    const recommend = async () => catalogue.filter((p) => !bought.has(p)).slice(0, 3);
    return {
      recommend,
      /** A purchase stored on `cache`'s instance: the database, then the cache invalidation. */
      purchase: async (cache: AsyncCache, productId: string) => {
        bought.add(productId);
        await cache.invalidateNamespace('recs:customer:17462');
      },
      recommendations: (cache: AsyncCache) => cache.namespace('recs:customer:17462').getOrLoad('top', recommend, { ttlMs: 300_000 }),
      inRedis: async () => {
        const text = await raw.get(`${keyPrefix}k:recs:customer:17462:top`);
        return text === null ? undefined : decodeEntry(text).v;
      },
    };
  }

  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

  /** Asks both instances again and again until both resumed 500 ms ago; `tick` runs before each pair of questions. */
  async function staleAnswers(caches: AsyncCache[], ask: (cache: AsyncCache) => Promise<unknown>, old: unknown, tick = async () => undefined) {
    let stale = 0;
    let answers = 0;
    let resumedAt = 0;
    while (!resumedAt || Date.now() - resumedAt < 500) {
      await tick();
      for (const cache of caches) {
        answers++;
        if (same(await ask(cache), old)) stale++;
      }
      if (!resumedAt && caches.every((c) => c.stats().available)) resumedAt = Date.now();
      await sleep(5);
    }
    return { stale, answers };
  }

  it('answers no list from before a purchase made on another instance while Redis was gone, whichever returns first', async () => {
    const keyPrefix = `${runPrefix}gone:`;
    const { cache: a, proxy: proxyA } = await instance(keyPrefix);
    const { cache: b, proxy: proxyB } = await instance(keyPrefix);
    const { recommend, purchase, recommendations, inRedis } = shop(keyPrefix);

    // Redis returns to both at once, to B (which held the old list) first, then to A (which made the purchase) first.
    const returnOrders = [[proxyA, proxyB], [proxyB], [proxyA]];
    let answers = 0;
    for (const [round, firstBack] of returnOrders.entries()) {
      const before = await recommendations(b); // written to Redis and B's L1, 300 s to live
      expect(await recommendations(a)).toEqual(before);
      expect(await inRedis()).toEqual(before);

      await Promise.all([proxyA.kill(), proxyB.kill()]);
      await eventually(() => !a.stats().available && !b.stats().available, 5_000);
      await purchase(a, before[0] as string); // B's top item; the invalidation cannot reach Redis
      const after = await recommend();
      await eventually(async () => same(await recommendations(a), after), 3_000);
      await eventually(async () => same(await recommendations(b), after), 3_000);

      // From the moment Redis is back for the first; the other proxy returns 300 ms later.
      const firstAt = Date.now();
      await Promise.all(firstBack.map((p) => p.start()));
      const later = [proxyA, proxyB].filter((p) => !firstBack.includes(p));
      const seen = await staleAnswers([a, b], recommendations, before, async () => {
        if (later.length > 0 && Date.now() - firstAt > 300) await Promise.all(later.splice(0).map((p) => p.start()));
      });
      answers += seen.answers;
      expect({ round, stale: seen.stale }).toEqual({ round, stale: 0 });
      // Redis holds the new list again (written after the outage), not only the loaders.
      await eventually(async () => same(await inRedis(), after), 2_000);
    }
    expect(answers).toBeGreaterThan(60);
  });

  it('during the outage, serves another instance\'s L1 copy no longer than outageL1MaxAgeMs', async () => {
    const keyPrefix = `${runPrefix}during:`;
    const proxyA = new TcpProxy(target.hostname, Number(target.port || 6379));
    const proxyB = new TcpProxy(target.hostname, Number(target.port || 6379));
    proxies.push(proxyA, proxyB);
    await Promise.all([proxyA.start(), proxyB.start()]);
    // A long L1 life (the default is 5 s): only the outage bound can end B's copy in time.
    const options = { backend: 'tiered' as const, keyPrefix, l1TtlMs: 60_000, outageL1MaxAgeMs: 200, commandTimeoutMs: 200, outageRetryMs: 50 };
    const a = createCache({ ...options, redisUrl: proxyA.url });
    const b = createCache({ ...options, redisUrl: proxyB.url });
    opened.push(a, b);
    await Promise.all([a.ping(AbortSignal.timeout(3_000)), b.ping(AbortSignal.timeout(3_000))]);
    const { recommend, purchase, recommendations } = shop(keyPrefix);
    const before = await recommendations(b);

    await Promise.all([proxyA.kill(), proxyB.kill()]);
    await eventually(() => !a.stats().available && !b.stats().available, 5_000);
    await purchase(a, before[0] as string); // cannot reach B
    const after = await recommend();
    await sleep(250);
    // B's copy of the old list was stored before the outage, longer ago than the bound: not served.
    expect(await recommendations(b)).toEqual(after);
    // Its own new copy is served while young, then loaded again.
    const loads = { n: 0 };
    const counted = () => b.namespace('recs:customer:17462').getOrLoad('top', async () => (loads.n++, recommend()), { ttlMs: 300_000 });
    await counted();
    await counted();
    await sleep(250);
    await counted();
    expect(loads.n).toBe(1);
  });

  it('answers no list from before a purchase whose invalidation was skipped while Redis hung, B resuming first', async () => {
    const keyPrefix = `${runPrefix}hung:`;
    const { cache: a, proxy: proxyA } = await instance(keyPrefix);
    const { cache: b, proxy: proxyB } = await instance(keyPrefix);
    const { recommend, purchase, recommendations, inRedis } = shop(keyPrefix);
    const before = await recommendations(b);
    expect(await recommendations(a)).toEqual(before);

    // One hung Redis: both connections stay open, nothing answers. Each instance learns of it by a timed-out read.
    proxyA.pause();
    proxyB.pause();
    await Promise.all([a.get('learns-of-the-outage'), b.get('learns-of-the-outage')]);
    expect([a.stats().available, b.stats().available]).toEqual([false, false]);
    await purchase(a, before[0] as string); // skipped, not sent: A knows Redis is down
    const after = await recommend();
    await eventually(async () => same(await recommendations(b), after), 3_000);

    // B (which lost nothing) finds Redis answering first; A's probe, which bumps the epoch, within
    // a probe interval and a command timeout after (here 100 ms): B waits for it.
    const resumedAt = Date.now();
    proxyB.resume();
    let aPaused = true;
    const seen = await staleAnswers([a, b], recommendations, before, async () => {
      if (aPaused && Date.now() - resumedAt > 100) {
        proxyA.resume();
        aPaused = false;
      }
    });
    expect(seen.answers).toBeGreaterThan(20);
    expect(seen.stale).toBe(0);
    await eventually(async () => same(await inRedis(), after), 2_000);
  });
});
