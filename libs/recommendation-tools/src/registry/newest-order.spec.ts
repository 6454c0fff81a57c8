import type { Product } from '@reco/data';
import { NewestOffered } from './newest-order';

// NewestOffered keeps products in blocks that split as they fill and join as they thin out;
// through thousands of inserts and removals it must read exactly as a sort of what it holds.

const WHEN = Date.parse('2024-01-01T00:00:00Z');

function product(i: number, day: number, offered = true): Product {
  const at = new Date(WHEN + day * 86_400_000);
  return { id: `P${String(i).padStart(5, '0')}`, title: 'x', description: null, price: 1, typicalPrice: null, currency: 'EUR', categories: [], tags: [], available: offered, recommendable: true, createdAt: at, updatedAt: at, imageUrl: null, url: null };
}

const sorted = (held: Iterable<Product>) =>
  [...held].filter((p) => p.available).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map((p) => p.id);

describe('NewestOffered', () => {
  it('reads as a sort of its offered products through growth, changes and shrinking', () => {
    let s = 7;
    const int = (n: number) => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) % n);
    const held = new Map<string, Product>();
    const order = new NewestOffered([]);
    const check = () => expect([...order].map((p) => p.id)).toEqual(sorted(held.values()));
    for (let i = 0; i < 3000; i++) {
      const p = product(i, int(40), int(10) > 0);
      held.set(p.id, p);
      order.replace(undefined, p);
      if (i % 500 === 0) check();
    }
    check();
    for (let r = 0; r < 2000; r++) {
      const old = held.get(`P${String(int(3000)).padStart(5, '0')}`);
      if (!old) continue;
      const next = product(Number(old.id.slice(1)), int(40), int(10) > 0);
      held.set(next.id, next);
      order.replace(old, next);
    }
    check();
    for (const [id, p] of [...held].filter((_, i) => i % 50 !== 0)) {
      held.delete(id);
      order.replace(p, undefined);
      if (held.size % 700 === 0) check();
    }
    check();
    expect(sorted(held.values()).length).toBeGreaterThan(40);
  });

  it('builds from products in any order, leaving out what is not offered', () => {
    const products = [product(3, 1), product(1, 2), product(2, 2), product(4, 5, false), product(0, 1)];
    expect([...new NewestOffered(products)].map((p) => p.id)).toEqual(['P00001', 'P00002', 'P00000', 'P00003']);
  });
});
