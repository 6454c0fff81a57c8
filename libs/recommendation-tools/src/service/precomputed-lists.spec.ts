import { randomUUID } from 'node:crypto';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { deleteKeysUnder, describeWithRedis, rawClient, REDIS_URL, uniquePrefix } from '@reco/async-cache/testing';
import type { RecommendationList } from '@reco/base-tools';
import type { Database } from '@reco/data';
import { openServiceHarness, type ServiceHarness } from '../__fixtures__/service-harness';
import { createRecommendationServices, type RecommendationServices } from '../recommendation-services';
import { CatalogSnapshot } from '../registry/catalog-snapshot';
import { rankCustomer } from './customer-ranking';
import { RecommendationService } from './recommendation-service';
import type { RecommendArgs } from './recommend-args';

jest.setTimeout(180_000);

const DEPTH = 30;

let h: ServiceHarness;
let parts: RecommendationServices;
let customers: string[];
const extraCaches: AsyncCache[] = [];

beforeAll(async () => {
  h = await openServiceHarness();
  parts = h.parts({ refreshMs: 60_000, holdoutDays: 0, precomputeDepth: DEPTH });
  await parts.trainer.train();
  // Known customers first, then one the model has never seen (the popular list).
  customers = [...(await h.sample.db.customers.list({ limit: 12 })).map((c) => c.id), 'NOBODY-P'];
});
afterAll(async () => {
  for (const cache of extraCaches) await cache.close();
  await h?.close();
});

/** A list as compared: without its recommendationId. */
type Listed = Omit<RecommendationList, 'recommendationId'>;
const answeredIds = new Set<string>();

/** What ranking answers now: a service over the same registry and database, with a cache of its own that holds nothing precomputed. */
async function ranked(userId: string, args: RecommendArgs, registry = parts.registry): Promise<Listed> {
  const cache = createCache({ backend: 'memory' });
  extraCaches.push(cache);
  return new RecommendationService({ database: { get: async () => h.sample.db }, cache, registry }).customerList(userId, args);
}

type Source = 'cached' | 'precomputed' | 'ranked';

/**
 * The answer, and where it came from, told by the cache's own counters: a hit of the exact key
 * (cached); its miss, then a hit of the precomputed list (precomputed); no hit at all (ranked).
 */
async function answer(service: RecommendationService, cache: AsyncCache, userId: string, args: RecommendArgs): Promise<{ list: Listed; source: Source }> {
  const before = cache.stats();
  // Every answer has an id of its own, cached or not; the rest is compared.
  const { recommendationId, ...list } = await service.recommend(userId, args);
  expect(recommendationId).toMatch(/^[0-9a-f-]{36}$/);
  expect(answeredIds.has(recommendationId)).toBe(false);
  answeredIds.add(recommendationId);
  const after = cache.stats();
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  if (hits === 1 && misses === 0) return { list, source: 'cached' };
  if (hits === 1 && misses === 1) return { list, source: 'precomputed' };
  if (hits === 0) return { list, source: 'ranked' };
  throw new Error(`unexpected cache traffic for one answer: ${hits} hits, ${misses} misses`);
}

/** Events written straight to the database: no LiveFeedback, so no cached answer is dropped. */
async function storeBehindTheCache(customerId: string, productId: string): Promise<void> {
  const occurredAt = new Date();
  await h.sample.db.events.recordMany([
    { eventId: randomUUID(), customerId, productId, type: 'cart', occurredAt },
    { eventId: randomUUID(), customerId, productId, type: 'view', occurredAt },
  ]);
}

/** A product just below the customer's first `DEPTH` that a cart event lifts into them. */
async function productToLift(userId: string, registry = parts.registry): Promise<string> {
  const deeper = await ranked(userId, { k: DEPTH + 10 }, registry);
  return deeper.items[DEPTH + 5].productId;
}

const ids = (list: Listed) => list.items.map((i) => i.productId);

describe('precomputed recommendation lists', () => {
  it('answers from the stored lists exactly what ranking gives, for every k up to the depth', async () => {
    const outcome = await parts.service.precompute(customers);
    expect(outcome).toMatchObject({ customers: customers.length, modelVersion: parts.registry.status().version });
    expect(outcome.ms).toBeGreaterThan(0);
    let modelLists = 0;
    for (const userId of customers) {
      for (const args of [{ k: 1 }, { k: 7 }, { k: 10, excludePurchased: false }, { k: DEPTH }]) {
        const { list, source } = await answer(parts.service, h.cache, userId, args);
        expect(source).toBe('precomputed');
        expect(list).toEqual(await ranked(userId, args));
        expect(list.items).toHaveLength(args.k);
        if (list.strategy === 'model') modelLists++;
      }
    }
    expect(modelLists).toBeGreaterThan(20);
    expect((await parts.service.recommend('NOBODY-P', { k: 5 })).strategy).toBe('popular');
  });

  it('ranks calls the stored list cannot answer: filters, excludePurchased, more than the depth', async () => {
    await parts.service.precompute(customers.slice(0, 3));
    const product = (await parts.service.recommend(customers[0], { k: 3 })).items[0];
    const calls: RecommendArgs[] = [
      { k: 5, excludePurchased: true },
      { k: 5, excludeProductIds: [product.productId] },
      { k: 5, maxPrice: product.unitPrice },
      { k: 5, category: 'Home' },
      { k: DEPTH + 1 },
    ];
    for (const userId of customers.slice(0, 3)) {
      for (const args of calls) {
        const { list, source } = await answer(parts.service, h.cache, userId, args);
        expect(source).toBe('ranked');
        expect(list).toEqual(await ranked(userId, args));
      }
    }
  });

  it('serves the stored list itself: an event stored behind the cache changes the ranking, not the answer', async () => {
    const userId = customers[1];
    await parts.service.precompute([userId]);
    const stored = await parts.service.recommend(userId, { k: DEPTH });
    const lifted = await productToLift(userId);
    await storeBehindTheCache(userId, lifted);
    const now = await ranked(userId, { k: 20 });
    expect(ids(now)).toContain(lifted);
    const served = await answer(parts.service, h.cache, userId, { k: 20 });
    expect(served.source).toBe('precomputed');
    expect(served.list.items).toEqual(stored.items.slice(0, 20));
    expect(ids(served.list)).not.toContain(lifted);
    // What LiveFeedback does after storing an event: the customer's answers, the stored list included, are dropped.
    await parts.feedback.eventsRecorded([{ customerId: userId }]);
    const after = await answer(parts.service, h.cache, userId, { k: 20 });
    expect(after.source).toBe('ranked');
    expect(after.list).toEqual(now);
  });

  it("re-ranks a customer's next answer with a live event at once", async () => {
    const userId = customers[2];
    await parts.service.precompute([userId]);
    const before = await answer(parts.service, h.cache, userId, { k: DEPTH - 1 });
    expect(before.source).toBe('precomputed');
    const lifted = await productToLift(userId);
    await parts.feedback.record({ customerId: userId, productId: lifted, type: 'cart' });
    const after = await answer(parts.service, h.cache, userId, { k: DEPTH - 1 });
    expect(after.source).toBe('ranked');
    expect(after.list).toEqual(await ranked(userId, { k: DEPTH - 1 }));
    expect(ids(after.list)).toContain(lifted);
    expect(ids(before.list)).not.toContain(lifted);
  });

  it('keeps no list that missed an event stored while its customer was ranked', async () => {
    const userId = customers[5];
    const lifted = await productToLift(userId);
    // The real database, except that a live event for the customer lands just after their events were read.
    const db = h.sample.db;
    const events = Object.create(db.events, {
      listForCustomer: {
        value: async (...args: Parameters<Database['events']['listForCustomer']>) => {
          const read = await db.events.listForCustomer(...args);
          await parts.feedback.record({ customerId: args[0], productId: lifted, type: 'cart' });
          return read;
        },
      },
    }) as Database['events'];
    const racing = new RecommendationService(
      { database: { get: async () => Object.create(db, { events: { value: events } }) as Database }, cache: h.cache, registry: parts.registry },
      { precomputeDepth: DEPTH },
    );
    expect(await racing.precompute([userId])).toMatchObject({ customers: 1 });
    const next = await answer(parts.service, h.cache, userId, { k: 11 });
    expect(next.source).toBe('ranked');
    expect(next.list).toEqual(await ranked(userId, { k: 11 }));
  });

  it('ranks only what the catalogue offers, so every prefix of a deep list is what a shorter ranking gives', async () => {
    const userId = customers[0];
    const model = await parts.registry.current();
    if (!model) throw new Error('no model');
    const database = { get: async () => h.sample.db };
    const full = await parts.registry.catalog();
    const dropped = (await rankCustomer(database, userId, { k: DEPTH }, model, full)).list.items[5].productId;
    // A snapshot without that product, which the model was not told of: the catalogue's filter keeps it out of the ranking.
    const catalog = new CatalogSnapshot((await h.sample.db.products.findAll()).filter((p) => p.id !== dropped));
    const deep = await rankCustomer(database, userId, { k: DEPTH }, model, catalog);
    expect(deep.exactUpTo).toBe(DEPTH);
    expect(ids(deep.list)).not.toContain(dropped);
    for (const k of [1, 5, 6]) expect((await rankCustomer(database, userId, { k }, model, catalog)).list.items).toEqual(deep.list.items.slice(0, k));
    expect(deep.list.items[5].reason).not.toBe('catalog');
    // A filter that lets through a product the catalogue no longer offers: the catalogue drops it, and the prefixes stop there.
    const stale = await rankCustomer(database, userId, { k: DEPTH }, model, catalog, () => true);
    expect(stale.exactUpTo).toBe(5);
    expect((await rankCustomer(database, userId, { k: 6 }, model, catalog, () => true)).list.items[5].reason).toBe('catalog');
  });

  it('stops between customers when aborted, with the signal reason; lists stored before stay served', async () => {
    const chosen = customers.slice(3, 9);
    const reason = new Error('shutting down');
    // One customer at a time, aborted after the second; then four at once (the default), aborted
    // after the first: the three in progress finish, no other starts.
    for (const [concurrency, abortAfter, k, expected] of [
      [1, 2, 4, 2],
      [undefined, 1, 9, 4],
    ] as const) {
      await parts.feedback.eventsRecorded(chosen.map((customerId) => ({ customerId })));
      const controller = new AbortController();
      const onProgress = (done: number) => done === abortAfter && controller.abort(reason);
      const run = parts.service.precompute(chosen, { concurrency, signal: controller.signal, onProgress });
      await expect(run).rejects.toBe(reason);
      const served = [];
      for (const userId of chosen) served.push((await answer(parts.service, h.cache, userId, { k })).source);
      expect(served).toEqual(chosen.map((_, i) => (i < expected ? 'precomputed' : 'ranked')));
    }
    await expect(parts.service.precompute([], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('leaves the stored lists unused after a catalogue change, and after a new model version', async () => {
    const userId = customers[4];
    await parts.service.precompute([userId]);
    expect((await answer(parts.service, h.cache, userId, { k: 3 })).source).toBe('precomputed');
    const top = (await parts.service.recommend(userId, { k: 1 })).items[0];
    await h.sample.db.products.upsertMany([{ id: top.productId, title: top.title, price: top.unitPrice + 1 }]);
    await parts.registry.productsChanged([top.productId]);
    const repriced = await answer(parts.service, h.cache, userId, { k: 4 });
    expect(repriced.source).toBe('ranked');
    expect(repriced.list).toEqual(await ranked(userId, { k: 4 }));
    expect(repriced.list.items.find((i) => i.productId === top.productId)?.unitPrice).toBe(top.unitPrice + 1);
    await parts.service.precompute([userId]);
    expect((await answer(parts.service, h.cache, userId, { k: 5 })).source).toBe('precomputed');

    const next = await parts.trainer.train();
    const retrained = await answer(parts.service, h.cache, userId, { k: 6 });
    expect(retrained.source).toBe('ranked');
    expect(retrained.list.modelVersion).toBe(next.version);
    expect(await parts.service.precompute([userId])).toMatchObject({ customers: 1, modelVersion: next.version });
    expect(await answer(parts.service, h.cache, userId, { k: 6 })).toEqual({ list: retrained.list, source: 'cached' });
    expect((await answer(parts.service, h.cache, userId, { k: 8 })).source).toBe('precomputed');
  });

  it('stores nothing without a model', async () => {
    const untrained = h.parts({ modelName: 'never-trained' });
    const loads = h.cache.stats().loads;
    const outcome = await untrained.service.precompute(customers);
    expect(outcome).toMatchObject({ customers: 0, modelVersion: null });
    expect(h.cache.stats().loads).toBe(loads);
  });

  it('refuses bad input with a clear error', async () => {
    await expect(parts.service.precompute(['C1', ''])).rejects.toThrow('customerIds[1] must be a non-empty string, got ""');
    await expect(parts.service.precompute(['C1'], { concurrency: 0 })).rejects.toThrow('concurrency must be an integer from 1 to 64, got 0');
    for (const precomputeDepth of [0, 101, 2.5]) {
      expect(() => h.parts({ precomputeDepth })).toThrow(`precomputeDepth must be an integer from 1 to 100, got ${precomputeDepth}`);
    }
    expect(() => h.parts({ precomputedTtlMs: 0 })).toThrow('precomputedTtlMs must be a positive number, got 0');
  });
});

describeWithRedis('precomputed lists shared through Redis (tiered cache)', () => {
  const prefix = uniquePrefix();
  let redis: ReturnType<typeof rawClient> | undefined;
  /** A worker that precomputes and a backend that serves: two processes' caches over one Redis. */
  let worker: RecommendationServices;
  let backend: RecommendationServices;
  let backendCache: AsyncCache;

  function instance(cache: AsyncCache): RecommendationServices {
    extraCaches.push(cache);
    return createRecommendationServices(
      { database: { get: async () => h.sample.db }, objectStore: h.store, executor: h.executor, cache },
      { refreshMs: 60_000, precomputeDepth: DEPTH },
    );
  }

  beforeAll(async () => {
    redis = rawClient();
    worker = instance(createCache({ backend: 'redis', redisUrl: REDIS_URL, keyPrefix: prefix }));
    backendCache = createCache({ backend: 'tiered', redisUrl: REDIS_URL, keyPrefix: prefix });
    backend = instance(backendCache);
    await worker.registry.start();
    await backend.registry.start();
  });
  afterAll(async () => {
    if (!redis) return;
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  it("serves the worker's lists on another instance, identical to ranking, until a live event there", async () => {
    const chosen = customers.slice(6, 10);
    const outcome = await worker.service.precompute(chosen);
    expect(outcome).toMatchObject({ customers: chosen.length, modelVersion: backend.registry.status().version });
    for (const userId of chosen) {
      for (const k of [2, 10, DEPTH]) {
        const { list, source } = await answer(backend.service, backendCache, userId, { k });
        expect(source).toBe('precomputed');
        expect(list).toEqual(await ranked(userId, { k }, backend.registry));
      }
    }
    const userId = chosen[0];
    const lifted = await productToLift(userId, backend.registry);
    await backend.feedback.record({ customerId: userId, productId: lifted, type: 'cart' });
    const after = await answer(backend.service, backendCache, userId, { k: 12 });
    expect(after.source).toBe('ranked');
    expect(after.list).toEqual(await ranked(userId, { k: 12 }, backend.registry));
    expect((await answer(backend.service, backendCache, chosen[1], { k: 12 })).source).toBe('precomputed');
  });
});
