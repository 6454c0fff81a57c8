import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache, type AsyncCache } from '@reco/async-cache';
import type { ScoredProduct } from '@reco/base-tools';
import { openDatabase, type Database } from '@reco/data';
import { describeEachBackend, type TestDatabase } from '@reco/data/testing';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { productIdOf, seedOpenShop, SHOP_CATEGORIES, SHOP_START, type OpenShop } from '../__fixtures__/open-shop';
import { assignArm } from '../experiments/arm-assignment';
import { createRecommendationServices, type RecommendationServices } from '../recommendation-services';
import { PlacementInputError, UnknownPlacementError } from './placement-errors';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;
const ADMIN = 'spec';
const ids = (items: readonly { productId: string }[]) => items.map((i) => i.productId);
const categoryOf = (item: ScoredProduct) => item.categories[0];
const hasTag = (item: ScoredProduct, tag: string) => item.tags.includes(tag);

/** Products added after the shop's year of events: two mugs and two puzzles. */
function newArrivals() {
  const at = new Date(SHOP_START + 400 * DAY_MS);
  const added = (id: string, category: string, tag: string) => ({ id, title: `New ${id}`, price: 5, categories: [category], tags: [tag], createdAt: at });
  return [added('NEW-MUG-1', SHOP_CATEGORIES[0], 'color:red'), added('NEW-MUG-2', SHOP_CATEGORIES[0], 'color:blue'), added('NEW-PUZZLE-1', SHOP_CATEGORIES[3], 'color:red'), added('NEW-PUZZLE-2', SHOP_CATEGORIES[3], 'color:green')];
}

describeEachBackend('placements on a small shop', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let shop: OpenShop;
  let executor: AsyncExecutor;
  let store: LocalObjectStore;
  let cache: AsyncCache;
  let dir: string;
  let parts: RecommendationServices;
  /** A customer who keeps to mugs, and one who keeps to puzzles. */
  let mugs: string;
  let puzzles: string;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
    shop = await seedOpenShop(db);
    await db.products.upsertMany(newArrivals());
    dir = mkdtempSync(path.join(tmpdir(), 'reco-placements-'));
    store = new LocalObjectStore({ root: dir });
    executor = new AsyncExecutor({ threads: 1, name: 'reco-placements-test' });
    cache = createCache({ backend: 'memory' });
    parts = createRecommendationServices({ database: { get: async () => db }, objectStore: store, executor, cache }, { holdoutDays: 0 });
    await parts.trainer.train();
    mugs = [...shop.tasteOf].find(([, c]) => c === SHOP_CATEGORIES[0])?.[0] as string;
    puzzles = [...shop.tasteOf].find(([, c]) => c === SHOP_CATEGORIES[3])?.[0] as string;
  });
  afterAll(async () => {
    await parts?.exposures.close();
    await executor?.close();
    await cache?.close();
    await store?.close();
    await db?.close();
    await testDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("serves each built-in placement's strategy", async () => {
    const { placements } = parts;
    const home = await placements.recommend('home', { userId: mugs });
    expect(home).toMatchObject({ placement: 'home', userId: mugs, strategy: 'personal', modelVersion: expect.any(String) });
    expect(home.items).toHaveLength(10);
    expect(home.items.slice(0, 5).every((i) => categoryOf(i) === SHOP_CATEGORIES[0])).toBe(true);

    const shown = productIdOf(0, 3);
    const product = await placements.recommend('product', { userId: mugs, productId: shown, k: 6 });
    expect(product.items).toHaveLength(6);
    expect(ids(product.items)).not.toContain(shown);
    expect(product.items.every((i) => i.reason === `similar-to:${shown}` || i.reason === `bought-with:${shown}`)).toBe(true);

    const cart = [productIdOf(0, 1), productIdOf(0, 2)];
    const carted = await placements.recommend('cart', { sessionId: 'cart-visit', cartProductIds: cart, k: 5 });
    expect(carted.items).toHaveLength(5);
    expect(ids(carted.items).filter((id) => cart.includes(id))).toEqual([]);
    expect(carted.items.every((i) => i.reason === 'catalog' || cart.some((c) => i.reason === `bought-with:${c}`))).toBe(true);

    const bought = new Set((await db.events.listForCustomer(mugs, { types: ['purchase'], limit: 1000 })).map((e) => e.productId));
    const again = await placements.recommend('buy-again', { userId: mugs, k: 20 });
    expect(again.items.length).toBeGreaterThan(0);
    expect(again.items.length).toBeLessThanOrEqual(bought.size);
    expect(again.items.every((i) => bought.has(i.productId) && i.reason === 'buy-again')).toBe(true);
    expect(again.items.map((i) => i.score)).toEqual([...again.items.map((i) => i.score)].sort((a, b) => b - a));

    const trending = await placements.recommend('trending', { k: 8 });
    expect(trending).toMatchObject({ strategy: 'trending' });
    expect(trending.items).toHaveLength(8);
    expect(trending.items.every((i) => i.reason === 'trending')).toBe(true);
    expect(trending.items.map((i) => i.score)).toEqual([...trending.items.map((i) => i.score)].sort((a, b) => b - a));

    // The new products first, the shopper's own category's before the others'.
    const forMugs = await placements.recommend('new-arrivals', { userId: mugs, k: 4 });
    expect(ids(forMugs.items).slice(0, 2).sort()).toEqual(['NEW-MUG-1', 'NEW-MUG-2']);
    expect(forMugs.items.every((i) => i.reason === 'new-arrival')).toBe(true);
    const forPuzzles = await placements.recommend('new-arrivals', { userId: puzzles, k: 4 });
    expect(ids(forPuzzles.items).slice(0, 2).sort()).toEqual(['NEW-PUZZLE-1', 'NEW-PUZZLE-2']);
  });

  it('refuses an unknown placement and a request without what its strategy needs', async () => {
    const { placements } = parts;
    await expect(placements.recommend('nowhere', { userId: mugs })).rejects.toBeInstanceOf(UnknownPlacementError);
    await expect(placements.recommend('product', { userId: mugs })).rejects.toMatchObject({ field: 'productId' });
    await expect(placements.recommend('cart', { userId: mugs, cartProductIds: [] })).rejects.toMatchObject({ field: 'cartProductIds' });
    await expect(placements.recommend('buy-again', { sessionId: 's-1' })).rejects.toBeInstanceOf(PlacementInputError);
  });

  it('fills filtered lists to k while enough products pass, on every route', async () => {
    const { placements, service } = parts;
    // A customer of mugs: their model list holds no red puzzles; 5 products pass the filter.
    const top = await service.recommend(mugs, { k: 10 });
    expect(top.items.filter((i) => categoryOf(i) === SHOP_CATEGORIES[3] && hasTag(i, 'color:red'))).toEqual([]);
    const filters = { category: 'Toys', tag: 'RED' };
    for (const list of [
      await placements.recommendForCustomer(mugs, { k: 5, ...filters }),
      await placements.recommend('home', { userId: mugs, k: 5, filters }),
      await placements.recommendForSession('filter-visit', { k: 5, ...filters }),
      await placements.recommend('trending', { k: 5, filters }),
    ]) {
      expect(list.items).toHaveLength(5);
      expect(list.items.every((i) => categoryOf(i) === SHOP_CATEGORIES[3] && hasTag(i, 'color:red'))).toBe(true);
    }
    // Only 6 red puzzles exist (one new): a longer list stops there, never filled with others.
    expect((await placements.recommendForCustomer(mugs, { k: 10, ...filters })).items).toHaveLength(6);
    const cheap = await placements.recommendForCustomer(mugs, { k: 12, maxPrice: 4, excludeProductIds: [productIdOf(0, 0)] });
    // Prices 2-4 in each of the 4 categories, one excluded: 11 pass, all listed and no more.
    expect(cheap.items).toHaveLength(11);
    expect(cheap.items.every((i) => i.unitPrice <= 4 && i.productId !== productIdOf(0, 0))).toBe(true);
    const wider = await placements.recommendForCustomer(mugs, { k: 12, maxPrice: 5 });
    expect(wider.items).toHaveLength(12);
    expect(wider.items.every((i) => i.unitPrice <= 5)).toBe(true);
    const cheaper = await placements.recommendForCustomer(mugs, { k: 12, maxPrice: 3, minPrice: 3 });
    expect(cheaper.items.map((i) => i.unitPrice)).toEqual([3, 3, 3, 3]);
    const similar = await service.similarProducts(productIdOf(0, 3), 4, { tag: 'color:green' });
    expect(similar).toHaveLength(4);
    expect(similar.every((i) => hasTag(i, 'color:green'))).toBe(true);
  });

  it('lists out-of-stock products only when asked to', async () => {
    const { placements } = parts;
    const [first] = (await placements.recommendForCustomer(puzzles, { k: 1 })).items;
    const setAvailable = async (available: boolean) => {
      const p = await db.products.findById(first.productId);
      if (!p) throw new Error('no product');
      await db.products.upsertMany([{ id: p.id, title: p.title, price: p.price, categories: p.categories, tags: p.tags, createdAt: p.createdAt, available }]);
      await parts.registry.productsChanged([p.id]);
    };
    await setAvailable(false);
    expect(ids((await placements.recommendForCustomer(puzzles, { k: 10 })).items)).not.toContain(first.productId);
    const all = await placements.recommendForCustomer(puzzles, { k: 10, includeUnavailable: true });
    expect(ids(all.items)).toContain(first.productId);
    expect(all.items.find((i) => i.productId === first.productId)).toMatchObject({ available: false });
    await setAvailable(true);
  });

  it('gives every answer a recommendationId of its own, answers from the cache included', async () => {
    const { placements } = parts;
    const first = await placements.recommendForCustomer(puzzles, { k: 5 });
    const second = await placements.recommendForCustomer(puzzles, { k: 5 });
    const cached = placements.cachedForCustomer(puzzles, { k: 5 });
    expect(cached).toBeDefined();
    expect(ids(second.items)).toEqual(ids(first.items));
    expect(cached?.items).toEqual(second.items);
    const answered = [first, second, cached, await placements.recommend('home', { userId: puzzles, k: 5 })].map((l) => l?.recommendationId);
    expect(new Set(answered).size).toBe(4);
  });

  it('applies rules and diversity on a placement (and only there), at once', async () => {
    const { placements, merchandisingAdmin: admin } = parts;
    const before = await placements.recommend('home', { userId: mugs, k: 6 });
    const pinned = productIdOf(2, 7);
    const boost = await admin.createRule({ name: 'blue-week', kind: 'boost', placement: 'home', factor: 50, match: { tags: ['color:blue'] } }, ADMIN);
    const pin = await admin.createRule({ name: 'garden-push', kind: 'pin', placement: 'home', position: 1, match: { productIds: [pinned] } }, ADMIN);
    await admin.putPlacement('home', { strategy: 'personal', k: 6, diversity: { maxPerCategory: 3 } }, ADMIN);
    try {
      const after = await placements.recommend('home', { userId: mugs });
      expect(after.items).toHaveLength(6);
      expect(after.items[0]).toMatchObject({ productId: pinned, reason: 'pinned:garden-push' });
      const boosted = after.items.filter((i) => i.reason.endsWith(',boosted:blue-week'));
      expect(boosted.length).toBeGreaterThan(0);
      expect(boosted.every((i) => hasTag(i, 'color:blue'))).toBe(true);
      const perCategory = new Map<string, number>();
      for (const item of after.items.slice(1)) perCategory.set(categoryOf(item), (perCategory.get(categoryOf(item)) ?? 0) + 1);
      expect(Math.max(...perCategory.values())).toBeLessThanOrEqual(3);
      expect(ids(after.items)).not.toEqual(ids(before.items));
      // The plain route and other placements have none of it.
      const plain = await placements.recommendForCustomer(mugs, { k: 6 });
      expect(plain.items.some((i) => i.reason.includes('blue-week') || i.reason.startsWith('pinned:'))).toBe(false);
      // An exclude rule that removes the customer's whole category: ranked again inside it, still full.
      const exclude = await admin.createRule({ name: 'no-mugs', kind: 'exclude', placement: 'home', match: { categories: [SHOP_CATEGORIES[0]] } }, ADMIN);
      const without = await placements.recommend('home', { userId: mugs });
      expect(without.items).toHaveLength(6);
      expect(without.items.some((i) => categoryOf(i) === SHOP_CATEGORIES[0])).toBe(false);
      await admin.deleteRule(exclude.id, ADMIN);
    } finally {
      await admin.deleteRule(boost.id, ADMIN);
      await admin.deleteRule(pin.id, ADMIN);
      await admin.deletePlacement('home', ADMIN);
    }
    expect(ids((await placements.recommend('home', { userId: mugs, k: 6 })).items)).toEqual(ids(before.items));
  });

  it('serves an experiment arm with strategy popular as the control, names it, and logs exposures for experiment answers only', async () => {
    const { placements, merchandisingAdmin: admin, service, exposures } = parts;
    const experiment = await admin.createExperiment(
      { name: 'model-vs-popular', placement: 'home', state: 'running', arms: [{ name: 'model', weight: 1 }, { name: 'control', weight: 1, config: { strategy: 'popular' } }], control: 'control' },
      ADMIN,
    );
    const record = jest.spyOn(exposures, 'record');
    try {
      const customers = [...shop.tasteOf.keys()];
      const inArm = (arm: string) => customers.find((c) => assignArm(experiment, c).name === arm) as string;
      const control = await placements.recommend('home', { userId: inArm('control'), k: 5 });
      expect(control).toMatchObject({ strategy: 'popular', experiment: { id: experiment.id, name: 'model-vs-popular', arm: 'control' } });
      expect(ids(control.items)).toEqual(ids(await service.popularProducts({ k: 5 })));
      const model = await placements.recommend('home', { userId: inArm('model'), k: 5 });
      expect(model).toMatchObject({ strategy: 'personal', experiment: { arm: 'model' } });
      // A staff preview names the shopper's arm and serves its list, but nobody was exposed.
      const preview = await placements.recommend('home', { userId: inArm('control'), k: 5, preview: true });
      expect(preview).toMatchObject({ strategy: 'popular', experiment: { id: experiment.id, arm: 'control' } });
      expect(ids(preview.items)).toEqual(ids(control.items));
      // Outside the experiment's placement: no experiment, no exposure.
      const outside = await placements.recommend('trending', { userId: inArm('control'), k: 5 });
      expect(outside.experiment).toBeUndefined();
      expect((await placements.recommendForCustomer(inArm('control'), { k: 5 })).experiment).toBeUndefined();
      expect(record.mock.calls.map(([e]) => [e.recommendationId, e.arm, e.placement])).toEqual([
        [control.recommendationId, 'control', 'home'],
        [model.recommendationId, 'model', 'home'],
      ]);
      await exposures.flush();
      const totals = await db.exposures.totals(experiment.id);
      expect(totals.map((t) => [t.arm, t.exposures]).sort()).toEqual([
        ['control', 1],
        ['model', 1],
      ]);
    } finally {
      record.mockRestore();
      const { id, ...input } = experiment;
      await admin.replaceExperiment(id, { ...input, state: 'stopped' }, ADMIN);
    }
    expect((await placements.recommend('home', { userId: mugs, k: 3 })).experiment).toBeUndefined();
  });

  it("keeps a customer's purchases out of pins when they are left out of the list", async () => {
    const { placements, merchandisingAdmin: admin } = parts;
    const bought = (await db.events.listForCustomer(puzzles, { types: ['purchase'], limit: 1 }))[0].productId;
    const pin = await admin.createRule({ name: 'bought-pin', kind: 'pin', position: 1, match: { productIds: [bought] } }, ADMIN);
    try {
      const left = await placements.recommendForCustomer(puzzles, { k: 5, excludePurchased: true });
      expect(left.items).toHaveLength(5);
      expect(ids(left.items)).not.toContain(bought);
      expect(ids((await placements.recommend('home', { userId: puzzles, k: 5, excludePurchased: true })).items)).not.toContain(bought);
      // Asked without excludePurchased, the pin shows.
      expect((await placements.recommendForCustomer(puzzles, { k: 5 })).items[0]).toMatchObject({ productId: bought, reason: 'pinned:bought-pin' });
    } finally {
      await admin.deleteRule(pin.id, ADMIN);
    }
  });

  it('answers from the cached ranking while an exclude rule takes one of its products', async () => {
    const { placements, merchandisingAdmin: admin, service } = parts;
    const top = ids((await placements.recommendForCustomer(mugs, { k: 6 })).items);
    const hidden = top[2];
    const exclude = await admin.createRule({ name: 'hide-one', kind: 'exclude', match: { productIds: [hidden] } }, ADMIN);
    const ranked = jest.spyOn(service, 'customerList');
    // Each ranking reads the customer's recent events; an answer from the cache reads none.
    const eventReads = jest.spyOn(db.events, 'listForCustomer');
    try {
      const first = await placements.recommendForCustomer(mugs, { k: 6 });
      expect(ids(first.items)).toEqual([...top.filter((id) => id !== hidden), expect.any(String)]);
      const readsForFirst = eventReads.mock.calls.length;
      const second = await placements.recommendForCustomer(mugs, { k: 6 });
      expect(ids(second.items)).toEqual(ids(first.items));
      expect(eventReads.mock.calls.length).toBe(readsForFirst);
      // The pool holds enough past the rule: never ranked with the rule inside the model (uncached).
      expect(ranked.mock.calls.filter(([, , using]) => using?.accept !== undefined)).toEqual([]);
    } finally {
      eventReads.mockRestore();
      ranked.mockRestore();
      await admin.deleteRule(exclude.id, ADMIN);
    }
  });
});
