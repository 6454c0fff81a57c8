import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { openDatabase, type Database } from '@reco/data';
import { describeEachBackend, type TestDatabase } from '@reco/data/testing';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { seedOpenShop, SHOP_CATEGORIES, type OpenShop } from '../__fixtures__/open-shop';
import { createRecommendationServices, type RecommendationServices } from '../recommendation-services';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;

describeEachBackend('a shop that sends only events', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let shop: OpenShop;
  let executor: AsyncExecutor;
  let store: LocalObjectStore;
  let cache: AsyncCache;
  let dir: string;
  let parts: RecommendationServices;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
    shop = await seedOpenShop(db);
    dir = mkdtempSync(path.join(tmpdir(), 'reco-open-shop-'));
    store = new LocalObjectStore({ root: dir });
    executor = new AsyncExecutor({ threads: 1, name: 'reco-open-shop-test' });
    cache = createCache({ backend: 'memory' });
    parts = createRecommendationServices({ database: { get: async () => db }, objectStore: store, executor, cache }, { holdoutDays: 0 });
  });
  afterAll(async () => {
    await executor?.close();
    await cache?.close();
    await store?.close();
    await db?.close();
    await testDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const categoryOf = (item: { categories: string[] }) => item.categories[0];

  it('trains on its views, carts and purchases, and beats popularity on its last month', async () => {
    const cutoff = Math.floor((shop.lastEventAt - 30 * DAY_MS) / DAY_MS) * DAY_MS;
    const { rows } = await parts.trainer.evaluate({ cutoff, days: 30, k: 10 });
    const recall = (ranker: string) => rows.find((r) => r.ranker === ranker && r.mode === 'all')?.recall ?? Number.NaN;
    expect(rows.find((r) => r.mode === 'all')?.customers).toBeGreaterThan(20);
    expect(recall('model')).toBeGreaterThan(recall('popularity') + 0.1);
  });

  it("serves its customers from the model, in their own category, by the shop's own ids", async () => {
    const trained = await parts.trainer.train();
    expect(trained.metadata.counts).toMatchObject({ interactions: expect.any(Number) });
    for (const [customerId, category] of [...shop.tasteOf].slice(0, 8)) {
      const list = await parts.service.recommend(customerId, { k: 5 });
      expect(list.strategy).toBe('model');
      expect(list.items).toHaveLength(5);
      expect(list.items.every((i) => /^SKU-\d{6}$/.test(i.productId))).toBe(true);
      expect(list.items.filter((i) => categoryOf(i) === category).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('knows a customer who only browsed: their list follows what they viewed', async () => {
    const list = await parts.service.recommend(shop.browser.customerId, { k: 5, excludePurchased: true });
    expect(list.strategy).toBe('model');
    expect(list.items.filter((i) => categoryOf(i) === shop.browser.category).length).toBeGreaterThanOrEqual(4);
  });

  it('recommends for an anonymous session from what it viewed and carted, leaving out what it bought', async () => {
    const garden = SHOP_CATEGORIES[2];
    const inGarden = shop.products.filter((p) => p.categories?.[0] === garden).map((p) => p.id);
    await db.events.recordMany([
      { eventId: 'visit-1', sessionId: 'visitor-1', productId: inGarden[0], type: 'view' },
      { eventId: 'visit-2', sessionId: 'visitor-1', productId: inGarden[1], type: 'click' },
      { eventId: 'visit-3', sessionId: 'visitor-1', productId: inGarden[2], type: 'cart' },
      { eventId: 'visit-4', sessionId: 'visitor-1', productId: inGarden[3], type: 'purchase' },
    ]);
    const list = await parts.service.recommendForSession('visitor-1', { k: 6 });
    expect(list).toMatchObject({ sessionId: 'visitor-1', strategy: 'model', modelVersion: expect.any(String) });
    expect(list.items).toHaveLength(6);
    expect(list.items.map((i) => i.productId)).not.toContain(inGarden[3]);
    expect(list.items.filter((i) => categoryOf(i) === garden).length).toBeGreaterThanOrEqual(5);
    const toys = await parts.service.recommendForSession('visitor-1', { k: 4, category: 'Toys' });
    expect(toys.items).toHaveLength(4);
    expect(toys.items.every((i) => categoryOf(i) === SHOP_CATEGORIES[3])).toBe(true);
    const unknown = await parts.service.recommendForSession('nobody-yet', { k: 3 });
    expect(unknown).toMatchObject({ strategy: 'popular' });
    expect(unknown.items).toHaveLength(3);
    expect(unknown.items.every((i) => i.reason === 'popular')).toBe(true);
  });

  it('filters by a category and everything under it, filled to k from that category', async () => {
    const [customerId] = [...shop.tasteOf.keys()];
    const kitchen = await parts.service.recommend(customerId, { k: 25, category: 'home > kitchen' });
    expect(kitchen.items).toHaveLength(25);
    expect(kitchen.items.every((i) => categoryOf(i).startsWith('Home > Kitchen > '))).toBe(true);
    const puzzles = await parts.service.recommend(customerId, { k: 20, category: 'Toys > Puzzles' });
    expect(puzzles.items).toHaveLength(15); // every puzzle the shop has
    expect(puzzles.items.every((i) => categoryOf(i) === 'Toys > Puzzles')).toBe(true);
    expect((await parts.service.recommend(customerId, { k: 5, category: 'Garden' })).items).toEqual([]);
  });

  it('re-ranks on a click like on a view', async () => {
    const customerId = [...shop.tasteOf.keys()][1];
    const before = (await parts.service.recommend(customerId, { k: 60, excludePurchased: true })).items.map((i) => i.productId);
    const target = before[before.length - 1];
    await parts.feedback.record({ customerId, productId: target, type: 'click' });
    const after = await parts.service.recommend(customerId, { k: 60, excludePurchased: true });
    const rank = after.items.findIndex((i) => i.productId === target);
    expect(rank).toBeLessThan(before.length - 1);
    expect(after.items[rank].reason).toMatch(/^(recently-viewed|similar-to:.+)$/);
  });
});
