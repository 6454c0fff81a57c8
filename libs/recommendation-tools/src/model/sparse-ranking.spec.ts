import { DenseRanking } from './__fixtures__/dense-ranking';
import { DAY_MS, type InteractionKind } from './interaction';
import { Recommender } from './recommender';
import type { BlendWeights, LiveEvent, ProductInfo, RecommendOptions } from './recommender-options';
import { DEFAULT_TRAINING_OPTIONS, type RecommenderState } from './recommender-state';
import type { SparseNeighbours } from './sparse-neighbours';
import { FixedOrder, topK } from './top-k';

// The Recommender scores only the items a customer's history, events and their neighbours
// touch, and takes the rest from a fixed popularity order. These tests hold it to the dense
// ranking it replaced (every item scored per call: __fixtures__/dense-ranking.ts), id for id,
// score for score, reason for reason, over random states and every kind of option.

const T0 = Date.parse('2024-06-01T00:00:00Z');
const KINDS: InteractionKind[] = ['view', 'cart', 'purchase'];

/** Same seed, same sequence. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}
type Random = ReturnType<typeof random>;

function neighbours(rnd: Random, n: number, width: number): SparseNeighbours {
  const index = new Int32Array(n * width).fill(-1);
  const weight = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const filled = rnd.int(width + 1); // some rows end early (-1), some are empty
    for (let s = 0; s < filled; s++) {
      index[i * width + s] = rnd.int(n);
      // Repeated weights make ties; a few negative ones can cancel a sum to exactly 0.
      weight[i * width + s] = rnd.chance(0.1) ? -0.5 : rnd.pick([0.5, 0.25, 1, rnd.next()]);
    }
  }
  return { width, index, weight };
}

/** A state with ties everywhere: few distinct trending values, zeros, values rounding to the same score. */
function randomState(rnd: Random): RecommenderState {
  const n = 1 + rnd.int(60);
  const productIds = Array.from({ length: n }, (_, i) => `P${i}`);
  // 1e-44 and 3e-44 score 0 like 0 does (their popularity term underflows a float32): ties across the order's runs.
  const trendingValues = [0, 0, 1e-44, 3e-44, 1, 2, 0.5, rnd.next() * 3];
  const trending = Float32Array.from({ length: n }, () => rnd.pick(trendingValues));
  const customerCounts = Float32Array.from({ length: n }, () => rnd.int(4));
  const customers = rnd.int(25);
  const offsets = new Int32Array(customers + 1);
  const items: number[] = [];
  for (let c = 0; c < customers; c++) {
    const own = new Set<number>();
    for (let t = rnd.int(6); t > 0; t--) own.add(rnd.int(n));
    items.push(...own);
    offsets[c + 1] = items.length;
  }
  const m = items.length;
  const withStatistics = rnd.chance(0.7);
  const lookedCustomers = rnd.chance(0.6) ? 1 + rnd.int(10) : 0;
  const lookedItems = Array.from({ length: lookedCustomers }, () => Array.from(new Set(Array.from({ length: 1 + rnd.int(4) }, () => rnd.int(n)))));
  const lookedOffsets = Int32Array.from([0, ...lookedItems.map((_, r) => lookedItems.slice(0, r + 1).flat().length)]);
  return {
    version: 1,
    options: DEFAULT_TRAINING_OPTIONS,
    trainedUntil: T0,
    productIds,
    customerCounts,
    trending,
    season: withStatistics ? Float32Array.from({ length: n }, () => 0.5 + rnd.next()) : undefined,
    repeatRate: withStatistics ? Float32Array.from({ length: n }, () => 0.5 + rnd.next()) : undefined,
    itemItem: neighbours(rnd, n, 1 + rnd.int(8)),
    boughtTogether: neighbours(rnd, n, 1 + rnd.int(4)),
    histories: {
      customerIds: Array.from({ length: customers }, (_, c) => `C${c}`),
      offsets,
      items: Int32Array.from(items),
      baskets: new Float32Array(m).fill(1),
      decayed: Float32Array.from({ length: m }, () => rnd.pick([0, 1, 0.5, rnd.next() * 2])),
      lastTime: Float64Array.from({ length: m }, () => T0 - rnd.int(400) * DAY_MS),
      coverageDays: withStatistics ? Float32Array.from({ length: m }, () => (rnd.chance(0.5) ? 0 : 5 + rnd.int(60))) : undefined,
      repeatPropensity: withStatistics ? Float32Array.from({ length: customers }, () => 0.5 + rnd.next()) : undefined,
    },
    // Some customers only looked (V…), some both bought and looked (C…).
    interactions:
      lookedCustomers === 0
        ? undefined
        : {
            customerIds: lookedItems.map((_, r) => (r % 2 === 0 ? `V${r}` : `C${r}`)),
            offsets: lookedOffsets,
            items: Int32Array.from(lookedItems.flat()),
            weights: Float32Array.from(lookedItems.flat(), () => rnd.pick([0.1, 0.3, rnd.next()])),
          },
    sales: { countries: [], item: new Int32Array(0), day: new Int32Array(0), country: new Int32Array(0), customers: new Float32Array(0) },
    counts: { purchases: m, customers, products: n, baskets: m },
  };
}

function randomCatalog(rnd: Random, state: RecommenderState): ProductInfo[] {
  return state.productIds.flatMap((productId) =>
    rnd.chance(0.2) ? [] : [{ productId, price: rnd.chance(0.1) ? undefined : 1 + rnd.int(20), available: !rnd.chance(0.1), recommendable: !rnd.chance(0.05) }],
  );
}

function randomOptions(rnd: Random, state: RecommenderState): RecommendOptions {
  const n = state.productIds.length;
  const someIds = () => Array.from({ length: rnd.int(4) }, () => (rnd.chance(0.1) ? 'unknown' : `P${rnd.int(n)}`));
  const events: LiveEvent[] = Array.from({ length: rnd.chance(0.5) ? rnd.int(5) : 0 }, () => ({
    productId: rnd.chance(0.1) ? 'unknown' : `P${rnd.int(n)}`,
    kind: rnd.pick(KINDS),
    time: rnd.chance(0.5) ? T0 + rnd.int(20) * DAY_MS : new Date(T0 - rnd.int(20) * DAY_MS),
  }));
  const allowed = new Set(someIds().concat(someIds(), someIds()));
  return {
    k: rnd.pick([0, 1, 2, 3, 5, 10, n, n + 3]),
    excludePurchased: rnd.chance(0.4) ? true : undefined,
    minPrice: rnd.chance(0.2) ? rnd.int(10) : undefined,
    maxPrice: rnd.chance(0.2) ? 5 + rnd.int(15) : undefined,
    excludeProductIds: rnd.chance(0.3) ? someIds() : undefined,
    recentEvents: events.length > 0 || rnd.chance(0.5) ? events : undefined,
    include: rnd.chance(0.2) ? (p) => allowed.has(p) : undefined,
    now: rnd.chance(0.3) ? T0 + rnd.int(60) * DAY_MS : undefined,
  };
}

const BLENDS: BlendWeights[] = [
  { repeat: 1, itemItem: 0.35, popularity: 0.02 },
  { repeat: 1, itemItem: 0.35, popularity: 0 }, // every untouched item ties at 0: index order
  { repeat: 0, itemItem: 0, popularity: 1 },
  { repeat: 1, itemItem: 1, popularity: 5, season: 0, seasonNeighbours: 0, replenishment: 0 },
  { repeat: 0.2, itemItem: 0.5, popularity: -0.1 }, // popularity held against a product
];

describe('Recommender sparse ranking', () => {
  it('ranks exactly as the dense ranking over random states, customers and options', () => {
    const rnd = random(15);
    let compared = 0;
    let nonTrivial = 0;
    for (let s = 0; s < 300; s++) {
      const state = randomState(rnd);
      const catalog = randomCatalog(rnd, state);
      const blend = rnd.pick(BLENDS);
      const sparse = new Recommender(state, catalog, blend);
      const dense = new DenseRanking(state, catalog, blend);
      const who = [...state.histories.customerIds, ...(state.interactions?.customerIds ?? []), 'nobody', undefined];
      for (let q = 0; q < 25; q++) {
        const customerId = rnd.pick(who);
        const options = randomOptions(rnd, state);
        const got = customerId === undefined ? sparse.recommendFromEvents(options) : sparse.recommend(customerId, options);
        const want = dense.ranked(customerId, options);
        expect(got).toEqual(want);
        compared++;
        if (want.some((r) => r.reason !== 'popular')) nonTrivial++;
      }
      const k = rnd.pick([0, 1, 3, 100]);
      expect(sparse.popularProducts({ k })).toEqual(dense.popular(k));
    }
    expect(compared).toBe(7500);
    expect(nonTrivial).toBeGreaterThan(2000); // the comparisons exercise more than popularity
  });

  it('stays exact when an include callback ranks on the same model (re-entrant call)', () => {
    const rnd = random(7);
    const state = randomState(rnd);
    const sparse = new Recommender(state);
    const dense = new DenseRanking(state);
    const customer = state.histories.customerIds[0] ?? 'nobody';
    const inner = dense.ranked(customer, { k: 3 });
    const include = (p: string) => {
      expect(sparse.recommend(customer, { k: 3 })).toEqual(inner);
      return p !== 'P0';
    };
    expect(sparse.recommend(customer, { k: 5, include })).toEqual(dense.ranked(customer, { k: 5, include: (p) => p !== 'P0' }));
  });

  it("looks at the customer's items, their neighbours and k more, not the catalogue", () => {
    // 50,000 products, 10 neighbours each; the customer owns 3. The include filter sees every
    // product the ranking considers: the dense ranking asked it about all 50,000.
    const n = 50_000;
    const width = 10;
    const index = Int32Array.from({ length: n * width }, (_, s) => (Math.floor(s / width) * 7 + (s % width) + 1) % n);
    const state: RecommenderState = {
      ...randomState(random(3)),
      productIds: Array.from({ length: n }, (_, i) => `P${i}`),
      customerCounts: Float32Array.from({ length: n }, (_, i) => n - i),
      trending: Float32Array.from({ length: n }, (_, i) => (i * 7919) % 1000),
      season: undefined,
      repeatRate: undefined,
      interactions: undefined,
      itemItem: { width, index, weight: new Float32Array(n * width).fill(0.5) },
      histories: {
        customerIds: ['C'],
        offsets: Int32Array.from([0, 3]),
        items: Int32Array.from([10, 20_000, 40_000]),
        baskets: Float32Array.from([1, 1, 1]),
        decayed: Float32Array.from([1, 2, 3]),
        lastTime: Float64Array.from([T0, T0, T0]),
      },
    };
    const model = new Recommender(state);
    let asked = 0;
    const include = () => {
      asked++;
      return true;
    };
    const recs = model.recommend('C', { k: 20, include, excludePurchased: true });
    expect(recs).toHaveLength(20);
    expect(asked).toBeLessThanOrEqual(3 + 3 * width + 20 + 20);
    expect(recs).toEqual(new DenseRanking(state).ranked('C', { k: 20, include: () => true, excludePurchased: true }));
  });

  it('loads a model of 300,000 products (no argument spreading over the catalogue)', () => {
    const n = 300_000;
    const base = randomState(random(5));
    const state: RecommenderState = {
      ...base,
      productIds: Array.from({ length: n }, (_, i) => `P${i}`),
      customerCounts: Float32Array.from({ length: n }, (_, i) => i % 10),
      trending: Float32Array.from({ length: n }, (_, i) => i % 1000),
      season: undefined,
      repeatRate: undefined,
      interactions: undefined,
      itemItem: { width: 1, index: new Int32Array(n).fill(-1), weight: new Float32Array(n) },
      histories: { ...base.histories, customerIds: [], offsets: Int32Array.from([0]), items: new Int32Array(0) },
    };
    const model = new Recommender(state, [], { repeat: 1, itemItem: 0.35, popularity: 1 });
    expect(model.recommend('nobody', { k: 3 }).map((r) => r.productId)).toEqual(['P999', 'P1999', 'P2999']);
    expect(model.popularProducts({ k: 2 }).map((r) => r.productId)).toEqual(['P9', 'P19']);
  });
});

describe('FixedOrder', () => {
  it('orders by value descending, then index, NaN last, and marks runs of equal values', () => {
    const order = new FixedOrder([1, 3, Number.NaN, 3, 0, 1]);
    expect(Array.from(order.order)).toEqual([1, 3, 0, 5, 4, 2]);
    expect(Array.from(order.runEnd)).toEqual([2, 2, 4, 4, 5, 6]);
  });

  it("collects what topK needs: the first k kept items, each run's first k, ties of the k-th", () => {
    const values = [5, 4, 4, 4, 3, 3, 2];
    const order = new FixedOrder(values);
    const scores = new Float32Array(values.length);
    const collected = (want: number, skipped: (j: number) => boolean, scoreOf = (j: number) => values[j]) => {
      const out: number[] = [];
      order.collect(want, skipped, scoreOf, out, scores);
      return out;
    };
    // The 2nd's run is taken up to two (2 ties the 2nd); the walk stops at the first lower score.
    expect(collected(2, () => false)).toEqual([0, 1, 2]);
    expect(collected(2, (j) => j === 1)).toEqual([0, 2, 3]);
    expect(collected(1, () => false)).toEqual([0]);
    // Scores that no longer tell the runs apart: the walk goes on through the tie, a run's first two at most.
    expect(collected(2, () => false, () => 1)).toEqual([0, 1, 2, 4, 5, 6]);
    expect(topK(collected(2, () => false, () => 1), Float32Array.from(values, () => 1), 2)).toEqual([0, 1]);
    expect(collected(0, () => false)).toEqual([]);
  });
});
