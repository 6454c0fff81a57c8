import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { openDatabase, type Database, type ProductInput } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { seedOpenShop, SHOP_CATEGORIES } from '../__fixtures__/open-shop';
import { createRecommendationServices, type RecommendationOptions, type RecommendationServices } from '../recommendation-services';

jest.setTimeout(120_000);

let db: Database;
let executor: AsyncExecutor;
let store: LocalObjectStore;
let dir: string;
const caches: AsyncCache[] = [];
// `here` takes catalogue writes through its listener only; `other` is another instance that
// learns of them from its periodic refresh.
let here: RecommendationServices;
let other: RecommendationServices;
const customerId = 'C-0001';

function instance(options: RecommendationOptions): RecommendationServices {
  const cache = createCache({ backend: 'memory' });
  caches.push(cache);
  return createRecommendationServices({ database: { get: async () => db }, objectStore: store, executor, cache }, { holdoutDays: 0, ...options });
}

/** A catalogue write as the shop feed makes it: stored, then the listener told. */
async function write(product: Partial<ProductInput> & { id: string }): Promise<void> {
  const current = await db.products.findById(product.id);
  await db.products.upsertMany([{ title: current?.title ?? product.id, price: current?.price ?? 1, ...product }]);
  await here.registry.productsChanged([product.id]);
}

const ids = (items: readonly { productId: string }[]) => items.map((i) => i.productId);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'reco-live-catalog-'));
  db = await openDatabase({ url: `file:${path.join(dir, 'shop.db')}` });
  await db.migrate();
  await seedOpenShop(db);
  store = new LocalObjectStore({ root: path.join(dir, 'objects') });
  executor = new AsyncExecutor({ threads: 1, name: 'reco-live-catalog-test' });
  here = instance({ catalogRefreshMs: 0 });
  other = instance({ catalogRefreshMs: 50 });
  await here.trainer.train();
  await other.registry.start();
});
afterAll(async () => {
  await executor?.close();
  for (const cache of caches) await cache.close();
  await store?.close();
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the recommendation catalogue between trainings', () => {
  it('drops a hidden product from every answer at once, answers already cached included', async () => {
    const args = { k: 10 };
    const list = await here.service.recommend(customerId, args);
    const hidden = list.items[0].productId;
    expect(here.service.cachedRecommendations(customerId, args)?.items).toBe(list.items);
    const related = list.items[1].productId;
    expect(ids(await here.service.similarProducts(related, 20))).toContain(hidden);
    expect(ids(await here.service.popularProducts({ k: 60 }))).toContain(hidden);
    expect(ids((await other.service.recommend(customerId, args)).items)).toContain(hidden);

    await db.products.hide(hidden);
    await here.registry.productsChanged([hidden]);
    expect(here.service.cachedRecommendations(customerId, args)).toBeUndefined();
    const after = await here.service.recommend(customerId, args);
    expect(after.items).toHaveLength(10);
    expect(ids(after.items)).not.toContain(hidden);
    expect(ids(await here.service.similarProducts(related, 20))).not.toContain(hidden);
    expect(ids(await here.service.popularProducts({ k: 60 }))).not.toContain(hidden);
    expect(await here.service.similarProducts(hidden, 5)).toEqual([]);
    expect(ids((await here.service.recommendForSession('anyone', { k: 60 })).items)).not.toContain(hidden);

    // Another instance, told nothing, follows within its refresh interval.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ids((await other.service.recommend(customerId, args)).items)).not.toContain(hidden);
  });

  it('answers similar products for a product newer than the model, from the catalogue', async () => {
    const puzzles = SHOP_CATEGORIES[3];
    await write({ id: 'NEW-PUZZLE', title: 'Puzzle of the year', price: 3, categories: [puzzles], tags: ['color:red'] });
    const similar = await here.service.similarProducts('NEW-PUZZLE', 5);
    expect(similar).toHaveLength(5);
    for (const item of similar) {
      expect(item).toMatchObject({ categories: [puzzles], reason: 'similar-to:NEW-PUZZLE' });
      expect(item.tags).toContain('color:red'); // shared tags first
    }
    // Another instance finds it too (it looks a product it does not hold up in the database).
    expect(ids(await other.service.similarProducts('NEW-PUZZLE', 5))).toEqual(ids(similar));
  });

  it('fills a list the model leaves short with new products', async () => {
    const list = await here.service.recommend(customerId, { k: 16, category: 'Toys' });
    expect(list.items).toHaveLength(16); // the 15 puzzles the model knows, and the new one
    expect(list.items.find((i) => i.productId === 'NEW-PUZZLE')).toMatchObject({ reason: 'catalog', score: 0 });
    const session = await here.service.recommendForSession('someone', { k: 16, category: 'Toys > Puzzles' });
    expect(ids(session.items)).toContain('NEW-PUZZLE');
  });

  it('honours a changed price in minPrice and maxPrice at once', async () => {
    const [favourite] = ids((await here.service.recommend(customerId, { k: 1 })).items);
    expect(ids((await here.service.recommend(customerId, { k: 5, maxPrice: 20 })).items)).toContain(favourite);
    await write({ id: favourite, price: 50 });
    const cheap = await here.service.recommend(customerId, { k: 5, maxPrice: 20 });
    expect(ids(cheap.items)).not.toContain(favourite);
    expect(cheap.items.every((i) => i.unitPrice <= 20)).toBe(true);
    // Every other product costs less than 20: the one above 40 is the repriced favourite.
    const dear = await here.service.recommend(customerId, { k: 5, minPrice: 40 });
    expect(dear.items).toEqual([expect.objectContaining({ productId: favourite, unitPrice: 50, reason: 'bought-before' })]);
  });

  it('shows a product again once the shop offers it again', async () => {
    const [top] = ids((await here.service.recommend(customerId, { k: 1 })).items);
    await write({ id: top, available: false });
    expect(ids((await here.service.recommend(customerId, { k: 5 })).items)).not.toContain(top);
    await write({ id: top, available: true });
    expect(ids((await here.service.recommend(customerId, { k: 5 })).items)).toContain(top);
  });
});
