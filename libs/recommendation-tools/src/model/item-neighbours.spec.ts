import { initTensorFlow } from '@reco/ml';
import type { CustomerItemRows } from './ease-item-model';
import { trainEase } from './ease-item-model';
import { cosineNeighbours, itemItemNeighbours } from './item-neighbours';
import { coPurchases } from './sales-statistics';
import { NeighbourSelector, emptyNeighbours, type SparseNeighbours } from './sparse-neighbours';
import { DEFAULT_TRAINING_LIMITS, TrainingMemoryError, planTraining } from './training-plan';

/** Deterministic pseudo-random rows: `customers` rows of 1..maxItems items drawn with a skew. */
function randomRows(customers: number, n: number, maxItems: number, seed = 7): CustomerItemRows {
  let s = seed;
  const next = () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const offsets = [0];
  const items: number[] = [];
  const weights: number[] = [];
  for (let c = 0; c < customers; c++) {
    const row = new Set<number>();
    const size = 1 + Math.floor(next() * maxItems);
    while (row.size < size) row.add(Math.floor(Math.pow(next(), 2) * n)); // popular items first
    for (const i of row) {
      items.push(i);
      weights.push(0.5 + next());
    }
    offsets.push(items.length);
  }
  return { offsets: Int32Array.from(offsets), items: Int32Array.from(items), weights: Float32Array.from(weights) };
}

function rowOf(nb: SparseNeighbours, i: number): { j: number; w: number }[] {
  const out: { j: number; w: number }[] = [];
  for (let s = i * nb.width; s < (i + 1) * nb.width && nb.index[s] >= 0; s++) out.push({ j: nb.index[s], w: nb.weight[s] });
  return out;
}

describe('NeighbourSelector', () => {
  it('keeps the best `width` positive candidates, best first, ties by lower index, like a full sort', () => {
    const candidates = [3, 0.5, 0, 7, 0.5, -1, 7, 2, 0.25, 9].map((w, j) => ({ j, w }));
    const nb = emptyNeighbours(1, 4);
    const selector = new NeighbourSelector(4);
    candidates.forEach(({ j, w }) => selector.offer(j, w));
    selector.writeRow(nb, 0);
    const sorted = candidates.filter((c) => c.w > 0).sort((a, b) => b.w - a.w || a.j - b.j).slice(0, 4);
    expect(rowOf(nb, 0)).toEqual(sorted);
  });
});

describe('coPurchases (sparse co-occurrence)', () => {
  it('equals the dense count over baskets: co / sqrt(count_i · count_j), one shared basket dropped, bulk baskets skipped for pairs', () => {
    const n = 300;
    const rows = randomRows(3_000, n, 8);
    const baskets: number[][] = [];
    for (let r = 0; r + 1 < rows.offsets.length; r++) baskets.push(Array.from(rows.items.subarray(rows.offsets[r], rows.offsets[r + 1])));
    const bulk = Array.from({ length: 250 }, (_, i) => i);
    baskets.push(bulk, bulk); // two bulk orders: they count as baskets, never as pairs
    const pair = new Float64Array(n * n);
    const single = new Float64Array(n);
    for (const items of baskets) {
      for (const i of items) single[i]++;
      if (items.length > 200) continue;
      for (const i of items) for (const j of items) if (i !== j) pair[i * n + j]++;
    }
    const got = coPurchases(
      {
        offsets: Int32Array.from([0, ...baskets.map((_, b) => baskets.slice(0, b + 1).reduce((s, x) => s + x.length, 0))]),
        items: Int32Array.from(baskets.flat()),
        weights: new Float32Array(baskets.flat().length).fill(1),
      },
      n,
      5,
    );
    for (let i = 0; i < n; i++) {
      const want = [];
      for (let j = 0; j < n; j++) if (pair[i * n + j] >= 2) want.push({ j, w: Math.fround(pair[i * n + j] / Math.sqrt(single[i] * single[j])) });
      want.sort((a, b) => b.w - a.w || a.j - b.j);
      expect(rowOf(got, i)).toEqual(want.slice(0, 5));
    }
  });
});

describe('itemItemNeighbours', () => {
  beforeAll(() => initTensorFlow());

  it('is EASE over every item when the plan allows the whole catalogue', () => {
    const rows = randomRows(300, 40, 6);
    const { neighbours, info } = itemItemNeighbours(rows, 40, 40, { lambda: 10, width: 8, cosineAsymmetry: 0.8 });
    expect(info).toEqual({ kind: 'ease', headItems: 40, cosineScale: 1 });
    expect(neighbours).toEqual(trainEase(rows, 40, Int32Array.from({ length: 40 }, (_, i) => i), 10, 8));
  });

  it('past the EASE limit, covers the head with EASE and every other item with scaled cosine neighbours', () => {
    const n = 300;
    const rows = randomRows(2_000, n, 6);
    const { neighbours, info } = itemItemNeighbours(rows, n, 50, { lambda: 10, width: 8, cosineAsymmetry: 0.8 });
    expect(info.kind).toBe('ease-head+cosine');
    expect(info.headItems).toBe(50);
    expect(info.cosineScale).toBeGreaterThan(0);
    const cosine = cosineNeighbours(rows, n, 8, 0.8);
    // The tail's rows are its cosine rows, scaled; items seen with others have neighbours.
    let tailRows = 0;
    for (let i = 0; i < n; i++) {
      const mine = rowOf(neighbours, i);
      const theirs = rowOf(cosine, i);
      if (theirs.length === 0) continue;
      expect(mine.length).toBeGreaterThan(0);
      if (mine.every(({ j }) => theirs.some((c) => c.j === j))) tailRows++;
    }
    expect(tailRows).toBeGreaterThan(n / 2);
  });
});

describe('planTraining', () => {
  const size = { purchaseRows: 500_000, interactionRows: 6_000_000, products: 100_000, customers: 1_000_000, neighbours: 200 };

  it('gives the whole catalogue to EASE when it is small, and a head that fits when it is not', () => {
    expect(planTraining({ ...size, products: 3_000 }).easeItems).toBe(3_000);
    expect(planTraining(size).easeItems).toBe(DEFAULT_TRAINING_LIMITS.easeMaxItems);
    const tight = planTraining(size, { maxMemoryMb: 1_800, easeMaxItems: 16_000 });
    expect(tight.easeItems).toBeGreaterThan(0);
    expect(tight.easeItems).toBeLessThan(DEFAULT_TRAINING_LIMITS.easeMaxItems);
    expect(tight.estimatedMb).toBeLessThanOrEqual(1_800);
  });

  it('refuses a shop whose linear part alone exceeds the budget, naming TRAIN_MAX_MEMORY_MB', () => {
    expect(() => planTraining(size, { maxMemoryMb: 1_000, easeMaxItems: 5_000 })).toThrow(TrainingMemoryError);
    expect(() => planTraining(size, { maxMemoryMb: 1_000, easeMaxItems: 5_000 })).toThrow(/needs about \d+ MB .* TRAIN_MAX_MEMORY_MB is 1000/);
  });
});
