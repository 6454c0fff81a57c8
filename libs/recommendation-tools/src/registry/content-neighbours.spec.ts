import type { Product } from '@reco/data';
import type { RankedItem } from '../model/recommender-options';
import { CatalogSnapshot, isOffered } from './catalog-snapshot';
import { contentNeighbours } from './content-neighbours';

// contentNeighbours visits category paths from the most alike down and stops early; these tests
// hold it to the plain scan it replaced (every offered product scored, sorted), item for item.

function scanNeighbours(catalog: CatalogSnapshot, product: Product, k: number, exclude: ReadonlySet<string> = new Set()): RankedItem[] {
  const parts = (p: Product) => p.categories.map((c) => c.split('>').map((part) => part.trim().toLowerCase()));
  const tagsOf = (p: Product) => new Set(p.tags.map((t) => t.toLowerCase()));
  const ownPaths = parts(product);
  const ownTags = tagsOf(product);
  if (ownPaths.length === 0 && ownTags.size === 0) return [];
  const scored: RankedItem[] = [];
  for (const other of catalog.all()) {
    if (other.id === product.id || !isOffered(other) || exclude.has(other.id)) continue;
    let category = 0;
    for (const x of ownPaths) {
      for (const y of parts(other)) {
        let shared = 0;
        while (shared < x.length && shared < y.length && x[shared] === y[shared]) shared++;
        if (shared > 0) category = Math.max(category, shared / Math.max(x.length, y.length));
      }
    }
    const otherTags = tagsOf(other);
    let tags = 0;
    if (ownTags.size > 0 && otherTags.size > 0) {
      let shared = 0;
      for (const t of ownTags) if (otherTags.has(t)) shared++;
      tags = shared / (ownTags.size + otherTags.size - shared);
    }
    if (category === 0 && tags === 0) continue;
    const price = product.price > 0 && other.price > 0 ? 1 / (1 + Math.abs(Math.log(product.price / other.price))) : 0;
    scored.push({ productId: other.id, score: 1 * category + 0.5 * tags + 0.25 * price, reason: `similar-to:${product.id}` });
  }
  return scored.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0)).slice(0, k);
}

function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const PATHS = ['Home', 'Home > Kitchen', 'Home > Kitchen > Mugs', 'home > kitchen > MUGS', 'Home > Kitchen > Pans', 'Home > Garden > Tools', 'Toys', 'Toys > Puzzles', 'Toys > Puzzles > 3D', 'Garden > Kitchen', ''];
const TAGS = ['red', 'Red', 'blue', 'gift', 'eco', 'brand:acme', 'brand:zed'];
const WHEN = new Date('2024-01-01T00:00:00Z');

function product(id: string, rnd: ReturnType<typeof random>): Product {
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
    createdAt: new Date(WHEN.getTime() + rnd.int(100) * 86_400_000),
    updatedAt: WHEN,
    imageUrl: null,
    url: null,
  };
}

describe('contentNeighbours', () => {
  it('answers exactly as scoring every offered product, over random catalogues', () => {
    const rnd = random(42);
    let nonEmpty = 0;
    for (let c = 0; c < 40; c++) {
      const products = Array.from({ length: 1 + rnd.int(80) }, (_, i) => product(`P${String(i).padStart(3, '0')}`, rnd));
      const catalog = new CatalogSnapshot(products);
      for (let q = 0; q < 30; q++) {
        const own = q % 5 === 0 ? product('NEW', rnd) : rnd.pick(products);
        const k = rnd.pick([1, 2, 3, 5, 10, 100]);
        const exclude = new Set(Array.from({ length: rnd.int(3) }, () => rnd.pick(products).id));
        const want = scanNeighbours(catalog, own, k, exclude);
        expect(contentNeighbours(catalog, own, k, exclude)).toEqual(want);
        if (want.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(600);
  });

  it('sees a catalogue change at the next call', () => {
    const rnd = random(1);
    const mug = { ...product('MUG', rnd), categories: ['Home > Kitchen > Mugs'], tags: [], available: true, recommendable: true };
    const catalog = new CatalogSnapshot([mug, { ...mug, id: 'MUG-2' }]);
    expect(contentNeighbours(catalog, mug, 5).map((r) => r.productId)).toEqual(['MUG-2']);
    catalog.apply([{ ...mug, id: 'MUG-3' }, { ...mug, id: 'MUG-2', available: false, updatedAt: new Date(WHEN.getTime() + 1) }]);
    expect(contentNeighbours(catalog, mug, 5).map((r) => r.productId)).toEqual(['MUG-3']);
  });
});
