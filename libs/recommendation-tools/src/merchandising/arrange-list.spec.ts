import type { Product } from '@reco/data';
import { arrangeList, type ArrangeOptions } from './arrange-list';
import { contentFeatures, jaccard, SimilarityProbe } from './content-features';
import { catalogOf, ids, product, ranked, rule } from './__fixtures__/merchandising-fixtures';
import type { Rule } from './merchandising-schemas';

// Three categories of four products each; titles and tags as alike as their category.
const CATEGORIES = { M: 'Home > Kitchen > Mugs', P: 'Home > Kitchen > Pans', T: 'Toys > Puzzles' } as const;
const products: Product[] = [];
for (const [letter, category] of Object.entries(CATEGORIES)) {
  const noun = category.split(' > ').pop() as string;
  for (let i = 1; i <= 4; i++) products.push(product(`${letter}${i}`, { categories: [category], tags: [`kind:${noun.toLowerCase()}`], title: `${noun} model ${i}`, price: i * 5 }));
}
products.push(product('OUT', { categories: [CATEGORIES.M], available: false }), product('HIDDEN', { recommendable: false }));
const catalog = catalogOf(...products);
const all = () => true;
const arrange = (candidates: ReturnType<typeof ranked>, options: Partial<ArrangeOptions> = {}) => arrangeList(candidates, { k: 10, rules: [], catalog, accept: all, ...options });
const reasons = (items: { reason: string }[]) => items.map((item) => item.reason);

describe('arrangeList without rules or diversity', () => {
  it('keeps the ranking and cuts it to k', () => {
    const candidates = ranked('M1', 'P1', 'T1', 'M2');
    expect(arrange(candidates, { k: 3 })).toEqual(candidates.slice(0, 3));
    expect(arrange(candidates, { k: 0 })).toEqual([]);
  });

  it('ignores exclude and include-only rules (the candidate filter applies them)', () => {
    const rules = [rule({ kind: 'exclude', match: { productIds: ['M1'] } }), rule({ kind: 'include-only', match: { productIds: ['P1'] } })];
    expect(ids(arrange(ranked('M1', 'P1', 'T1'), { rules }))).toEqual(['M1', 'P1', 'T1']);
  });
});

describe('boost and bury', () => {
  it('boost multiplies the score of what it matches, names itself after the model reason and re-sorts', () => {
    const houseBrand = rule({ kind: 'boost', name: 'house-brand', factor: 3, match: { categories: ['toys'] } });
    const out = arrange(ranked('M1', 'P1', 'M2', 'T1'), { rules: [houseBrand] });
    expect(out).toEqual([
      { productId: 'M1', score: 4, reason: 'model' },
      { productId: 'P1', score: 3, reason: 'model' },
      { productId: 'T1', score: 3, reason: 'model,boosted:house-brand' },
      { productId: 'M2', score: 2, reason: 'model' },
    ]);
    // Equal scores keep the model's order: P1 (3) was before T1 (1 × 3).
  });

  it('bury divides the score and moves the product down', () => {
    const clearance = rule({ kind: 'bury', name: 'clearance', factor: 4, match: { productIds: ['M1'] } });
    const out = arrange(ranked('M1', 'P1', 'T1'), { rules: [clearance] });
    expect(ids(out)).toEqual(['P1', 'T1', 'M1']);
    expect(out[2]).toEqual({ productId: 'M1', score: 0.75, reason: 'model,buried:clearance' });
  });

  it('several effects on one product compound, in rule order', () => {
    const rules = [rule({ kind: 'boost', name: 'a', factor: 2 }), rule({ kind: 'bury', name: 'b', factor: 8, match: { tags: ['kind:mugs'] } })];
    const out = arrange([{ productId: 'M1', score: 4, reason: 'bought-before' }], { rules });
    expect(out).toEqual([{ productId: 'M1', score: 1, reason: 'bought-before,boosted:a,buried:b' }]);
  });

  it('a boost raises a negative score too', () => {
    const out = arrange([{ productId: 'M1', score: -4, reason: 'model' }], { rules: [rule({ kind: 'boost', factor: 2 })] });
    expect(out[0].score).toBe(-2);
  });
});

describe('pin', () => {
  const pin = (name: string, position: number, productIds: string[], id?: string, match: object = {}) => rule({ kind: 'pin', name, position, match: { productIds, ...match } }, id);

  it('puts the product at its position, moving it from further down, reason pinned:<name>', () => {
    const out = arrange(ranked('M1', 'P1', 'T1', 'M2'), { rules: [pin('spring-sale', 2, ['M2'])] });
    expect(ids(out)).toEqual(['M1', 'M2', 'P1', 'T1']);
    expect(out[1]).toEqual({ productId: 'M2', score: 1, reason: 'pinned:spring-sale' });
  });

  it('shows a product that was no candidate, scored like the item after it; the list keeps k items', () => {
    const out = arrange(ranked('M1', 'P1', 'T1'), { k: 3, rules: [pin('push', 1, ['T4'])] });
    expect(out).toEqual([
      { productId: 'T4', score: 3, reason: 'pinned:push' },
      { productId: 'M1', score: 3, reason: 'model' },
      { productId: 'P1', score: 2, reason: 'model' },
    ]);
  });

  it('a list shorter than the position gets the pin at its end', () => {
    expect(ids(arrange(ranked('M1', 'P1'), { rules: [pin('late', 5, ['T4'])] }))).toEqual(['M1', 'P1', 'T4']);
    expect(ids(arrange([], { rules: [pin('late', 5, ['T4'])] }))).toEqual(['T4']);
  });

  it('a position beyond k is not shown', () => {
    expect(ids(arrange(ranked('M1', 'P1', 'T1'), { k: 2, rules: [pin('far', 3, ['T4'])] }))).toEqual(['M1', 'P1']);
  });

  it('two pins for one position follow rule order: by name, then id; a rule pins its products in order', () => {
    const rules = [pin('zeta', 1, ['T1']), pin('alpha', 1, ['P1'], 'rule-b'), pin('alpha', 1, ['M1'], 'rule-a'), pin('beta', 3, ['T2', 'T3'])];
    const out = arrange(ranked('M2', 'M3', 'M4', 'P2', 'P3', 'P4', 'T4'), { k: 8, rules });
    expect(ids(out)).toEqual(['M1', 'P1', 'T1', 'T2', 'T3', 'M2', 'M3', 'M4']);
    expect(reasons(out).slice(0, 5)).toEqual(['pinned:alpha', 'pinned:alpha', 'pinned:zeta', 'pinned:beta', 'pinned:beta']);
  });

  it('a product pinned by two rules is shown once, at the first rule’s place', () => {
    const out = arrange(ranked('M1', 'P1', 'T1'), { rules: [pin('b', 1, ['T1']), pin('a', 2, ['T1'])] });
    expect(ids(out)).toEqual(['M1', 'T1', 'P1']);
  });

  it('a pinned product the request refuses, or not offered, is not shown and leaves no hole', () => {
    const refuseT4 = (id: string) => id !== 'T4';
    expect(ids(arrange(ranked('M1', 'P1'), { rules: [pin('p', 1, ['T4'])], accept: refuseT4 }))).toEqual(['M1', 'P1']);
    for (const notOffered of ['OUT', 'HIDDEN', 'NOT-IN-CATALOGUE']) {
      expect(ids(arrange(ranked('M1', 'P1'), { rules: [pin('p', 1, [notOffered])] }))).toEqual(['M1', 'P1']);
    }
  });

  it("the rest of a pin rule's match must hold", () => {
    const rules = [pin('cheap-only', 1, ['M1', 'M4'], undefined, { maxPrice: 10 })];
    expect(ids(arrange(ranked('P1', 'P2', 'M4'), { rules }))).toEqual(['M1', 'P1', 'P2', 'M4']);
  });

  it('pins are not subject to the category cap', () => {
    const out = arrange(ranked('M1', 'P1', 'T1'), { rules: [pin('p', 2, ['M2'])], diversity: { maxPerCategory: 1 } });
    expect(ids(out)).toEqual(['M1', 'M2', 'P1', 'T1']);
  });
});

describe('diversity', () => {
  const candidates = ranked('M1', 'M2', 'M3', 'M4', 'P1', 'P2', 'P3', 'T1', 'T2', 'P4');
  const categoryOf = (id: string) => id[0];

  it('maxPerCategory: at most that many of one first category, the ranking otherwise kept', () => {
    const out = ids(arrange(candidates, { k: 6, diversity: { maxPerCategory: 2 } }));
    expect(out).toEqual(['M1', 'M2', 'P1', 'P2', 'T1', 'T2']);
    // Honoured even when it leaves the list short.
    expect(ids(arrange(candidates, { k: 10, diversity: { maxPerCategory: 1 } }))).toEqual(['M1', 'P1', 'T1']);
  });

  it('counts a product by its first category only; products without one are not capped', () => {
    const both = product('BOTH', { categories: [CATEGORIES.T, CATEGORIES.M] });
    const none1 = product('NONE1');
    const none2 = product('NONE2');
    const out = arrangeList(ranked('M1', 'BOTH', 'NONE1', 'NONE2', 'M2'), { k: 10, rules: [], catalog: catalogOf(...products, both, none1, none2), accept: all, diversity: { maxPerCategory: 1 } });
    expect(ids(out)).toEqual(['M1', 'BOTH', 'NONE1', 'NONE2']);
  });

  it('mmr 0 keeps the ranking', () => {
    expect(arrange(candidates, { k: 8, diversity: { mmr: 0 } })).toEqual(candidates.slice(0, 8));
  });

  it('mmr 1 spreads the categories: the first three cover all three', () => {
    const out = ids(arrange(candidates, { k: 6, diversity: { mmr: 1 } }));
    expect(out[0]).toBe('M1');
    expect(new Set(out.slice(0, 3).map(categoryOf))).toEqual(new Set(['M', 'P', 'T']));
    // Puzzles share nothing with mugs but a title word, pans their kitchen; then every other
    // product is as close to one taken (its own category's): rank decides.
    expect(out).toEqual(['M1', 'T1', 'P1', 'M2', 'M3', 'M4']);
  });

  it('a middle setting trades similarity for rank: less alike than the ranking, more relevant than mmr 1', () => {
    const similarity = (list: string[]) => {
      let sum = 0;
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) sum += jaccard(contentFeatures(catalog.get(list[i])), contentFeatures(catalog.get(list[j])));
      return sum;
    };
    const plain = ids(arrange(candidates, { k: 5 }));
    const middle = ids(arrange(candidates, { k: 5, diversity: { mmr: 0.5 } }));
    const most = ids(arrange(candidates, { k: 5, diversity: { mmr: 1 } }));
    expect(similarity(middle)).toBeLessThan(similarity(plain));
    const rankSum = (list: string[]) => list.reduce((s, id) => s + ids(candidates).indexOf(id), 0);
    expect(rankSum(middle)).toBeLessThanOrEqual(rankSum(most));
    expect(rankSum(middle)).toBeGreaterThan(rankSum(plain));
  });

  it('content features: the category and those above it, tags, title words', () => {
    expect(jaccard(contentFeatures(catalog.get('M1')), contentFeatures(catalog.get('M2')))).toBe(1);
    const mugPan = jaccard(contentFeatures(catalog.get('M1')), contentFeatures(catalog.get('P1')));
    const mugPuzzle = jaccard(contentFeatures(catalog.get('M1')), contentFeatures(catalog.get('T1')));
    expect(mugPan).toBeGreaterThan(mugPuzzle);
    expect(mugPuzzle).toBeGreaterThan(0); // the title word "model"
    expect(jaccard(contentFeatures(undefined), contentFeatures(catalog.get('M1')))).toBe(0);
  });

  it('the probe MMR uses gives the Jaccard similarity of every pair', () => {
    const probe = new SimilarityProbe();
    const features = [...products.map(contentFeatures), contentFeatures(product('EMPTY', { title: 'x' }))];
    for (const a of features) {
      probe.of(a);
      for (const b of features) expect(probe.similarity(b)).toBeCloseTo(jaccard(a, b), 12);
    }
  });

  it('caps and MMR together', () => {
    const out = ids(arrange(candidates, { k: 10, diversity: { mmr: 0.3, maxPerCategory: 1 } }));
    expect(out).toHaveLength(3);
    expect(new Set(out.map(categoryOf))).toEqual(new Set(['M', 'P', 'T']));
  });
});

describe('determinism', () => {
  it('the same input gives the same list, and the input is left as it was', () => {
    const rules: Rule[] = [
      rule({ kind: 'boost', name: 'b', factor: 2, match: { tags: ['kind:puzzles'] } }),
      rule({ kind: 'pin', name: 'p', position: 3, match: { productIds: ['P4'] } }),
      rule({ kind: 'bury', name: 'u', factor: 2, match: { maxPrice: 5 } }),
    ];
    const candidates = ranked('M1', 'M2', 'P1', 'T1', 'M3', 'P2', 'T2', 'T3', 'P3', 'M4');
    const copy = structuredClone(candidates);
    const first = arrange(candidates, { k: 6, rules, diversity: { mmr: 0.4, maxPerCategory: 2 } });
    expect(arrange(candidates, { k: 6, rules, diversity: { mmr: 0.4, maxPerCategory: 2 } })).toEqual(first);
    expect(candidates).toEqual(copy);
    expect(first).toHaveLength(6);
    expect(first[2]).toMatchObject({ productId: 'P4', reason: 'pinned:p' });
  });
});
