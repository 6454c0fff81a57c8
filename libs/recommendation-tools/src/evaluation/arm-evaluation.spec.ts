import type { Product } from '@reco/data';
import { catalogOf, product, ranked, rule } from '../merchandising/__fixtures__/merchandising-fixtures';
import { armPoolRequest, armPoolSize, arrangeArmLists, scoreHoldoutLists, type ArmEvaluation } from './arm-evaluation';
import type { HoldoutLists } from './holdout-lists';
import { categoryCoverage, coverageKey, intraListSimilarity } from './list-metrics';

// Six lanterns alike in title, then six unlike products: a plain top 4 is all lanterns.
const products: Product[] = [];
['White', 'Red', 'Pink', 'Blue', 'Gold', 'Grey'].forEach((colour, i) => products.push(product(`L${i + 1}`, { title: `${colour} hanging heart lantern` })));
const others = ['Ceramic mug', 'Rubber doormat', 'Paper napkins', 'Tin sign', 'Wooden frame', 'Glass vase'];
others.forEach((title, i) => products.push(product(`O${i + 1}`, { title })));
products.push(product('C1', { title: 'Something', categories: ['Home > Lights'] }));
const catalog = catalogOf(...products);
const poolIds = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'O1', 'O2', 'O3', 'O4', 'O5', 'O6'];

function lists(mode: 'all' | 'new', history?: string[]): HoldoutLists {
  const cases = [
    { customerId: 'a', truth: ['L1', 'O1'], history },
    { customerId: 'b', truth: ['L2'], history },
  ];
  const top = poolIds.slice(0, 4);
  return { mode, cases, plain: { model: [top, top], popularity: [top, top] }, pools: [ranked(...poolIds), ranked(...poolIds)] };
}

const arm = (fields: Partial<ArmEvaluation>): ArmEvaluation => ({ strategy: 'personal', rules: [], ...fields });

describe('list metrics', () => {
  it('intra-list similarity: mean pairwise Jaccard of title words (and categories, tags); 0 below two items', () => {
    expect(intraListSimilarity(['L1', 'L2'], catalog)).toBeCloseTo(3 / 5); // {white|red, hanging, heart, lantern}
    expect(intraListSimilarity(['O1', 'O2'], catalog)).toBe(0);
    expect(intraListSimilarity(['L1'], catalog)).toBe(0);
    expect(intraListSimilarity(['L1', 'L2', 'O1'], catalog)).toBeCloseTo(3 / 5 / 3);
  });

  it('coverage counts first categories, else the last word of the title (the product type)', () => {
    expect(coverageKey(catalog.get('C1'))).toBe('c:home > lights');
    expect(coverageKey(catalog.get('O1'))).toBe('t:mug');
    expect(categoryCoverage(['O1', 'O2', 'C1'], catalog)).toBe(1);
    expect(categoryCoverage(['L1', 'L2', 'L3', 'O1'], catalog)).toBe(0.5); // three lanterns and a mug
    const mugs = catalogOf(product('m1', { title: 'Red mug' }), product('m2', { title: 'Blue MUG' }));
    expect(categoryCoverage(['m1', 'm2'], mugs)).toBe(0.5);
    expect(categoryCoverage([], catalog)).toBe(0);
  });
});

describe('an arm on the hold-out lists', () => {
  it('mmr 1 lowers intra-list similarity against the plain model', () => {
    const rows = scoreHoldoutLists([lists('all')], 4, catalog, arm({ diversity: { mmr: 1 } }));
    const model = rows.find((r) => r.ranker === 'model');
    const diverse = rows.find((r) => r.ranker === 'arm');
    expect(model).toMatchObject({ coverage: 0.25 });
    expect(model?.ils).toBeCloseTo(3 / 5);
    // The best lantern, then the three best unlike products.
    expect(arrangeArmLists(lists('all'), 4, catalog, arm({ diversity: { mmr: 1 } }))[0]).toEqual(['L1', 'O1', 'O2', 'O3']);
    expect(diverse).toMatchObject({ ils: 0, coverage: 1 });
  });

  it('an exclude rule removes its products from every list, which fill to k from the pool', () => {
    const exclude = rule({ kind: 'exclude', match: { productIds: ['L1', 'L2'] } });
    const arranged = arrangeArmLists(lists('all'), 4, catalog, arm({ rules: [exclude] }));
    for (const list of arranged) expect(list).toEqual(['L3', 'L4', 'L5', 'L6']);
    const rows = scoreHoldoutLists([lists('all')], 4, catalog, arm({ rules: [exclude] }));
    expect(rows.find((r) => r.ranker === 'arm')).toMatchObject({ recall: 0, shortLists: 0 });
    expect(rows.find((r) => r.ranker === 'model')?.recall).toBeCloseTo((0.5 + 1) / 2);
  });

  it('the worker is told what the exclude / include-only rules refuse, and the pool size serving takes', () => {
    const exclude = rule({ kind: 'exclude', match: { productIds: ['L1'] } });
    expect(armPoolRequest(arm({ rules: [exclude] }), 20, catalog)).toEqual({ ranker: 'model', size: 60, rejected: ['L1'] });
    const boost = rule({ kind: 'boost', factor: 2, match: { productIds: ['O1'] } });
    expect(armPoolRequest(arm({ strategy: 'popular', rules: [boost] }), 10, catalog)).toEqual({ ranker: 'popularity', size: 40 });
    expect(armPoolSize(50)).toBe(150);
  });

  it('in "new" mode the history never comes back, not even pinned', () => {
    const pin = rule({ kind: 'pin', position: 1, match: { productIds: ['L1'] } });
    const boost = rule({ kind: 'boost', factor: 100, match: { productIds: ['O6'] } });
    const arranged = arrangeArmLists(lists('new', ['L1', 'L2']), 3, catalog, arm({ rules: [pin, boost] }));
    for (const list of arranged) expect(list).toEqual(['O6', 'L3', 'L4']);
  });
});
