import { initTensorFlow, tf } from '@reco/ml';
import { repeatThenPopularityRanker } from '../evaluation/baselines';
import { DAY_MS, type Interaction } from './interaction';
import { toPurchaseColumns } from './purchase-columns';
import { Recommender } from './recommender';
import { pooledSeason } from './season-smoothing';
import { fitRecommender } from './fit-recommender';

// Tiny shop: lantern people (10001, 10002, 10003 bought together) and mug people (20001, 20002).
const T0 = Date.parse('2011-01-01T00:00:00Z');
function purchases(): Interaction[] {
  const rows: Interaction[] = [];
  const buy = (customerId: string, day: number, productIds: string[], country = 'United Kingdom') =>
    productIds.forEach((productId) => rows.push({ customerId, productId, quantity: 2, time: T0 + day * DAY_MS, country }));
  for (let c = 0; c < 6; c++) buy(`L${c}`, c, ['10001', '10002', '10003', 'POST']);
  for (let c = 0; c < 4; c++) buy(`M${c}`, c + 1, ['20001', '20002'], 'France');
  buy('A', 1, ['10001', '10002']); // should be offered 10003
  buy('A', 9, ['10001']);
  buy('B', 2, ['20001']);
  return rows;
}

describe('Recommender', () => {
  let model: Recommender;
  beforeAll(async () => {
    await initTensorFlow();
    const state = fitRecommender(toPurchaseColumns(purchases()), { lambda: 1, neighbours: 10 });
    model = new Recommender(state, [
      { productId: '10001', price: 3 },
      { productId: '10002', price: 8 },
      { productId: '10003', price: 5 },
      { productId: '20001', price: 1 },
      { productId: '20002', price: 2, available: true },
      { productId: 'POST', recommendable: false }, // postage: trains, never recommended
    ]);
  });

  it('ranks repeat purchases first, then what the learned item-item model links to them', () => {
    const recs = model.recommend('A', { k: 3 });
    expect(recs.map((r) => r.productId)).toEqual(['10001', '10002', '10003']);
    expect(recs[0].reason).toBe('bought-before');
    expect(recs[2].reason).toMatch(/^similar-to:1000[12]$/);
  });

  it('excludes purchased, listed, out-of-price and non-merchandise products', () => {
    const recs = model.recommend('A', { k: 10, excludePurchased: true, excludeProductIds: ['20002'], maxPrice: 6 });
    const ids = recs.map((r) => r.productId);
    expect(ids[0]).toBe('10003');
    expect(ids).not.toContain('10001');
    expect(ids).not.toContain('10002'); // bought, and price 8 > 6
    expect(ids).not.toContain('20002');
    expect(ids).not.toContain('POST');
    expect(model.recommend('A', { k: 10, minPrice: 4 }).every((r) => ['10002', '10003'].includes(r.productId))).toBe(true);
  });

  it('never recommends inactive products', () => {
    const inactive = new Recommender(model.state, [
      { productId: '10003', available: false },
      { productId: 'POST', recommendable: false },
    ]);
    expect(inactive.recommend('A', { k: 10 }).map((r) => r.productId)).not.toContain('10003');
    expect(inactive.similarProducts('10001', 10).map((r) => r.productId)).not.toContain('10003');
  });

  it('falls back to popularity for an unknown customer', () => {
    const recs = model.recommend('nobody', { k: 2 });
    expect(recs).toHaveLength(2);
    expect(recs.every((r) => r.reason === 'popular')).toBe(true);
    expect(recs.map((r) => r.productId)).toEqual(['10001', '10002']);
  });

  it('re-ranks on live events without retraining', () => {
    const before = model.recommend('B', { k: 2, excludePurchased: true }).map((r) => r.productId);
    expect(before[0]).toBe('20002');
    const events = [{ productId: '10003', kind: 'view' as const, time: T0 + 10 * DAY_MS }];
    const after = model.recommend('B', { k: 3, excludePurchased: true, recentEvents: events });
    const ids = after.map((r) => r.productId);
    expect(ids.includes('10001') || ids.includes('10002')).toBe(true); // linked to the viewed lantern
    expect(after.find((r) => r.productId === '10003')?.reason).toBe('recently-viewed');
  });

  it('answers similar, bought-together and popular-by-window/country queries', () => {
    expect(model.similarProducts('20001', 5).map((r) => r.productId)).toEqual(['20002']);
    expect(model.boughtTogether('10001', 5).map((r) => r.productId).sort()).toEqual(['10002', '10003']);
    expect(model.popularProducts({ k: 1, country: 'France' }).map((r) => r.productId)).toEqual(['20001']);
    expect(model.popularProducts({ k: 5, sinceDays: 3 }).map((r) => r.productId)).toEqual(['10001']);
    expect(model.popularProducts({ k: 5, country: 'Nowhere' })).toEqual([]);
  });

  it('scores without allocating tensors', () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) model.recommend('A', { k: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Recommender season, repeat rate and propensity', () => {
  // Day 0: X buys an old line (30001) and a seasonal one (30002), once each. Days 50-60: many
  // customers buy 30002 (in season); 30003 is a staple the S customers re-buy every time.
  const rows: Interaction[] = [];
  const buy = (customerId: string, day: number, productIds: string[]) =>
    productIds.forEach((productId) => rows.push({ customerId, productId, quantity: 1, time: T0 + day * DAY_MS }));
  buy('X', 0, ['30001', '30002']);
  for (let c = 0; c < 5; c++) buy(`O${c}`, c, ['30001']);
  for (let c = 0; c < 6; c++) {
    buy(`S${c}`, 50 + c, ['30002', '30003']);
    buy(`S${c}`, 55 + c, ['30003', `4000${c}`]); // a staple and something new
  }
  buy('R', 1, ['30001']);
  buy('R', 20, ['30001']);
  buy('R', 40, ['30001']);
  let state: ReturnType<typeof fitRecommender>;
  beforeAll(async () => {
    await initTensorFlow();
    state = fitRecommender(toPurchaseColumns(rows), { lambda: 1, neighbours: 10, seasonWindowDays: 14 });
  });
  const item = (p: string) => state.productIds.indexOf(p);

  it('learns seasonal lift, item repeat rates and customer propensities', () => {
    const season = state.season ?? new Float32Array();
    const rate = state.repeatRate ?? new Float32Array();
    expect(season[item('30002')]).toBeGreaterThan(1);
    expect(season[item('30001')]).toBeLessThan(1);
    expect(rate[item('30003')]).toBeGreaterThan(rate[item('30002')]);
    const h = state.histories;
    const propensity = (c: string) => h.repeatPropensity?.[h.customerIds.indexOf(c)];
    expect(propensity('R')).toBeGreaterThan(1); // re-buys everything
    expect(propensity('X')).toBeCloseTo(1); // one basket: the average
  });

  it('ranks an in-season product above an equally bought out-of-season one', () => {
    // The item's own lift: in this tiny shop 30002's neighbours are one-off buys whose smoothed
    // lifts sit below 1, so pooling them (the default) would hide its season.
    const seasonal = new Recommender(state, [], { repeat: 1, itemItem: 0, popularity: 0, seasonNeighbours: 0 });
    expect(seasonal.recommend('X', { k: 2 }).map((r) => r.productId)).toEqual(['30002', '30001']);
    const flat = new Recommender(state, [], { repeat: 1, itemItem: 0, popularity: 0, season: 0, repeatRate: 0 });
    expect(flat.recommend('X', { k: 2 }).map((r) => r.productId)).toEqual(['30001', '30002']); // tie: index order
  });

  it('ranks the more in-season of two equally trending products first for a visitor', () => {
    // The popularity term carries the seasonal lift like the other terms (the own lift, as above).
    const trending = new Float32Array(state.productIds.length);
    trending[item('30001')] = trending[item('30002')] = 1;
    const popular = (season: number) =>
      new Recommender({ ...state, trending }, [], { repeat: 0, itemItem: 0, popularity: 1, seasonNeighbours: 0, season })
        .recommendFromEvents({ k: 2 })
        .map((r) => r.productId);
    expect(popular(0.5)).toEqual(['30002', '30001']);
    expect(popular(0)).toEqual(['30001', '30002']); // no lift: a tie, index order
  });

  it("pools an item's seasonal lift with its item-item neighbours' (geometric mean)", () => {
    // 0 -> [1], 1 -> [0], 2 -> [0, 1]; the item counts half as much as its k neighbours together.
    const nb = { width: 2, index: Int32Array.from([1, -1, 0, -1, 0, 1]), weight: Float32Array.from([1, 0, 1, 0, 1, 1]) };
    const pooled = pooledSeason(Float32Array.from([4, 1, 0.25]), nb, 2);
    expect(pooled[0]).toBeCloseTo(2); // (½·ln 4 + ½·ln 1) / 1
    expect(pooled[1]).toBeCloseTo(2); // (½·ln 1 + ½·ln 4) / 1
    expect(pooled[2]).toBeCloseTo(1); // (½·ln ¼ + ½·ln 4 + ½·ln 1) / 1.5
  });

  it('baseline: own products by basket count, ties broken by popularity not recency', () => {
    // S0: 30003 in two baskets; 30002 (day 50, seven buyers) and 40000 (day 55, one buyer) once.
    expect(repeatThenPopularityRanker(state)('S0', 3, new Set())).toEqual(['30003', '30002', '40000']);
  });

  it('scores old states without the new statistics', () => {
    const histories = { ...state.histories, repeatPropensity: undefined, coverageDays: undefined };
    const old = { ...state, season: undefined, repeatRate: undefined, histories };
    expect(new Recommender(old).recommend('X', { k: 2 })).toHaveLength(2);
  });
});

describe('Recommender order quantities and replenishment', () => {
  const rows: Interaction[] = [];
  const buy = (customerId: string, day: number, productId: string, quantity: number) =>
    rows.push({ customerId, productId, quantity, time: T0 + day * DAY_MS });
  // Everyone else orders 10 of each; Q orders 50001 by the pair and 50002 by the fifty.
  for (let c = 0; c < 5; c++) for (const p of ['50001', '50002', '60001', '60002']) buy(`O${c}`, c, p, 10);
  for (const day of [10, 40]) {
    buy('Q', day, '50001', 2);
    buy('Q', day, '50002', 50);
  }
  // P: both lines ordered on days 0 and 20. The second order of 60001 is ten times the first
  // (it lasts 200 days at P's pace); 60002's is the same size (it lasts 20 days: due again).
  buy('P', 0, '60001', 10);
  buy('P', 0, '60002', 10);
  buy('P', 20, '60001', 100);
  buy('P', 20, '60002', 10);
  buy('P', 24, '60003', 10); // a second basket within a week says nothing about a pace
  buy('P', 26, '60003', 10);
  buy('P', 40, '60004', 10);
  const only = { repeat: 1, itemItem: 0, popularity: 0, season: 0, repeatRate: 0, propensity: 0 };
  const train = (quantityExponent: number) =>
    fitRecommender(toPurchaseColumns(rows), { lambda: 1, neighbours: 10, quantityExponent, quantityClip: 10 });
  beforeAll(() => initTensorFlow());

  it('weighs each basket by its quantity against the product’s median basket', () => {
    const state = train(0.1);
    const h = state.histories;
    const row = h.customerIds.indexOf('Q');
    const decayed = (p: string) => {
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) if (state.productIds[h.items[a]] === p) return h.decayed[a];
      throw new Error(`Q never bought ${p}`);
    };
    // Median basket 10 for both: ratios 5 and 0.2, so (5 / 0.2)^0.1 apart.
    expect(decayed('50002') / decayed('50001')).toBeCloseTo(Math.pow(25, 0.1), 4);
    const model = new Recommender(state, [], { ...only, replenishment: 0 });
    expect(model.recommend('Q', { k: 2 }).map((r) => r.productId)).toEqual(['50002', '50001']);
    const unweighted = new Recommender(train(0), [], { ...only, replenishment: 0 });
    expect(unweighted.recommend('Q', { k: 2 }).map((r) => r.productId)).toEqual(['50001', '50002']); // tie: index order
  });

  it('learns how many days the last basket lasts at the customer’s pace', () => {
    const state = train(0);
    const h = state.histories;
    const row = h.customerIds.indexOf('P');
    const coverage = new Map<string, number>();
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) coverage.set(state.productIds[h.items[a]], h.coverageDays?.[a] ?? -1);
    expect(coverage.get('60001')).toBeCloseTo(200); // 100 at 10 per 20 days
    expect(coverage.get('60002')).toBeCloseTo(20);
    expect(coverage.get('60003')).toBe(0); // two days apart
    expect(coverage.get('60004')).toBe(0); // one basket
  });

  it('raises a product whose last order should be running out', () => {
    const state = train(0);
    const due = new Recommender(state, [], { ...only, replenishment: 0.2 });
    expect(due.recommend('P', { k: 2, excludeProductIds: ['60003', '60004'] }).map((r) => r.productId)).toEqual(['60002', '60001']);
    const off = new Recommender(state, [], { ...only, replenishment: 0 });
    expect(off.recommend('P', { k: 2, excludeProductIds: ['60003', '60004'] }).map((r) => r.productId)).toEqual(['60001', '60002']);
  });
});
