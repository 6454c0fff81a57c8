import { inCategory, categoryKey, type Product } from '@reco/data';
import { CatalogSnapshot, isOffered } from './catalog-snapshot';
import { contentNeighbours } from './content-neighbours';

// The snapshot's derived views (newest order, category members and lists, the content index)
// follow each change instead of being rebuilt; after every step of random changes they must
// answer exactly as a plain scan and as a snapshot built afresh from the same products.

function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}
type Random = ReturnType<typeof random>;

const PATHS = ['Home', 'Home > Kitchen', 'Home > Kitchen > Mugs', 'home >  kitchen > MUGS', 'Home > Kitchen > Pans', 'Home > Garden > Tools', 'Toys > Puzzles', 'Toys > Puzzles > 3D', 'Garden > Kitchen', ' > Loose', ''];
const FILTERS = ['Home', 'home', 'Home > Kitchen', 'HOME  >  kitchen', 'Home > Kitchen > Mugs', 'Toys', 'Toys > Puzzles > 3D', 'Garden', 'Kitchen', '', 'Nowhere'];
const TAGS = ['red', 'Red', 'blue', 'gift', 'eco', 'brand:acme', 'brand:zed'];
const WHEN = Date.parse('2024-01-01T00:00:00Z');
const DAY = 86_400_000;

function product(id: string, rnd: Random): Product {
  const at = new Date(WHEN + rnd.int(30) * DAY); // few days: many ties, ordered by id
  return {
    id,
    title: id,
    description: null,
    price: rnd.pick([0, 1, 2, 2, 5, 10, -1, 3.5]),
    typicalPrice: null,
    currency: 'EUR',
    categories: Array.from({ length: rnd.pick([0, 1, 1, 1, 2]) }, () => rnd.pick(PATHS)),
    tags: Array.from({ length: rnd.int(4) }, () => rnd.pick(TAGS)),
    available: rnd.next() > 0.1,
    recommendable: rnd.next() > 0.05,
    createdAt: at,
    updatedAt: at,
    imageUrl: null,
    url: null,
  };
}

let clock = WHEN + 1000 * DAY;

/** One random write to `old`: what a shop feed sends (a new updatedAt each time). */
function changed(old: Product, rnd: Random): Product {
  const updatedAt = new Date(++clock);
  switch (rnd.int(7)) {
    case 0:
      return { ...old, available: !old.available, updatedAt };
    case 1:
      return { ...old, recommendable: !old.recommendable, updatedAt };
    case 2:
      return { ...old, categories: product(old.id, rnd).categories, updatedAt };
    case 3:
      return { ...old, tags: product(old.id, rnd).tags, updatedAt };
    case 4:
      return { ...old, createdAt: new Date(WHEN + rnd.int(30) * DAY), updatedAt };
    case 5:
      return { ...old, price: rnd.pick([1, 2, 7, 10]), updatedAt };
    default:
      return { ...product(old.id, rnd), updatedAt };
  }
}

const ids = (products: Iterable<Product>) => Array.from(products, (p) => p.id);

function scanNewest(products: readonly Product[], category?: string): string[] {
  const key = category === undefined ? undefined : categoryKey(category);
  return ids(
    products
      .filter((p) => isOffered(p) && (key === undefined || inCategory(p.categories, key)))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1)),
  );
}

/** Every view of `live` against a plain scan and against a snapshot built from its products. */
function expectSameAsRebuilt(live: CatalogSnapshot, rnd: Random): void {
  const products = [...live.all()];
  const fresh = new CatalogSnapshot(products);
  expect(live.fingerprint).toBe(fresh.fingerprint);
  expect(ids(live.newestFirst())).toEqual(scanNewest(products));
  for (const filter of FILTERS) {
    const key = categoryKey(filter);
    expect([...live.categoryMembers(filter)].sort()).toEqual(ids(products.filter((p) => inCategory(p.categories, key))).sort());
    expect(ids(live.newestFirst(filter))).toEqual(scanNewest(products, filter));
  }
  for (let q = 0; q < 6; q++) {
    const own = q === 0 ? product('QUERY', rnd) : rnd.pick(products);
    const k = rnd.pick([1, 3, 10, 1000]);
    expect(contentNeighbours(live, own, k)).toEqual(contentNeighbours(fresh, own, k));
  }
}

describe('the catalogue snapshot after changes', () => {
  it.each([
    ['a small catalogue, one change at a time', 1, 60, 1, 120],
    ['a larger catalogue, batches of changes', 2, 1200, 8, 30],
  ])('answers as one built afresh: %s', (_name, seed, size, batch, steps) => {
    const rnd = random(seed);
    const held = new Map<string, Product>();
    for (let i = 0; i < size; i++) held.set(`P${String(i).padStart(5, '0')}`, product(`P${String(i).padStart(5, '0')}`, rnd));
    const live = new CatalogSnapshot([...held.values()]);
    expectSameAsRebuilt(live, rnd); // builds the views, which the changes below must keep current
    let added = 0;
    for (let step = 0; step < steps; step++) {
      const writes: Product[] = [];
      const removed: string[] = [];
      for (let w = 0; w < batch; w++) {
        const roll = rnd.next();
        const old = rnd.pick([...held.values()]);
        if (roll < 0.15) writes.push({ ...product(`NEW${added++}`, rnd), updatedAt: new Date(++clock) });
        else if (roll < 0.22 && old) removed.push(old.id);
        else if (old) writes.push(changed(old, rnd));
      }
      // Sometimes the same product twice in one write, or a write with no news.
      if (step % 7 === 0 && writes.length > 0) writes.push(changed(writes[0], rnd));
      if (step % 5 === 0) writes.push(rnd.pick([...held.values()]));
      live.apply(writes, removed);
      for (const id of removed) held.delete(id);
      for (const p of writes) held.set(p.id, live.get(p.id) ?? p);
      expectSameAsRebuilt(live, rnd);
    }
  });

  it('follows a write that changes much of the catalogue at once (views built again)', () => {
    const rnd = random(3);
    const products = Array.from({ length: 200 }, (_, i) => product(`P${i}`, rnd));
    const live = new CatalogSnapshot(products);
    expectSameAsRebuilt(live, rnd);
    live.apply(products.slice(0, 150).map((p) => changed(p, rnd)), ['P199']);
    expectSameAsRebuilt(live, rnd);
    live.apply([changed(live.get('P10') as Product, rnd)]);
    expectSameAsRebuilt(live, rnd);
  });

  it('shows a product as it is now: lists share one frozen copy of it, made again after a write', () => {
    const rnd = random(5);
    const offered = { ...product('P1', rnd), title: 'Mug', tags: ['red'], available: true, recommendable: true };
    const live = new CatalogSnapshot([offered]);
    const [first] = live.present([{ productId: 'P1', score: 1, reason: 'model' }]);
    const [again] = live.present([{ productId: 'P1', score: 2, reason: 'popular' }]);
    expect(first).toMatchObject({ title: 'Mug', tags: ['red'], score: 1, reason: 'model' });
    expect(again?.tags).toBe(first?.tags);
    expect(Object.isFrozen(first?.tags)).toBe(true);
    live.apply([{ ...offered, title: 'Big mug', tags: ['blue'], updatedAt: new Date(++clock) }]);
    expect(live.present([{ productId: 'P1', score: 1, reason: 'model' }])).toEqual([expect.objectContaining({ title: 'Big mug', tags: ['blue'] })]);
  });

  it('keeps answering through thousands of changes (freed tag storage reclaimed on the way)', () => {
    const rnd = random(4);
    const products = Array.from({ length: 300 }, (_, i) => ({ ...product(`P${i}`, rnd), tags: ['gift', 'eco', 'red'], available: true, recommendable: true }));
    const live = new CatalogSnapshot(products);
    expectSameAsRebuilt(live, rnd);
    for (let r = 1; r <= 6000; r++) {
      const old = live.get(`P${rnd.int(300)}`) as Product;
      live.apply([{ ...old, tags: Array.from({ length: 1 + rnd.int(4) }, () => rnd.pick(TAGS)), available: rnd.next() > 0.05, updatedAt: new Date(++clock) }]);
      if (r % 1500 === 0) expectSameAsRebuilt(live, rnd);
    }
  });
});
