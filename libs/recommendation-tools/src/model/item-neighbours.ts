import { trainEase, type CustomerItemRows } from './ease-item-model';
import { forEachGramRow, gramDiagonal } from './gram-rows';
import { NeighbourSelector, emptyNeighbours, type SparseNeighbours } from './sparse-neighbours';

/** Which item-item model a state holds: stored with it, shown with the model version. */
export interface ItemModelInfo {
  /** `ease`: EASE over every item. `ease-head+cosine`: EASE over the head, cosine neighbours elsewhere. */
  kind: 'ease' | 'ease-head+cosine';
  /** Items EASE covers (the head: those in most customers' rows). */
  headItems: number;
  /** Scale of the cosine weights, matched to EASE's (1 when EASE covers everything). */
  cosineScale: number;
}

// Customers (or baskets) with more distinct items than this are left out of the sparse
// co-occurrence: they cost their length squared and say little about which items go together.
const MAX_ROW_ITEMS = 1_000;
// Items seen together in fewer rows than this are not neighbours: one shared row is noise.
const MIN_SHARED_ROWS = 2;

/**
 * The learned item-item neighbours. EASE is the better model (see research/recommender), but
 * its inverse needs h² memory and h³ time; when the plan allows fewer than every item, EASE
 * takes the head (the items in the most rows) and cosine similarity of the sparse
 * co-occurrence covers the rest: tail rows, and tail targets in head rows, scaled so a cosine
 * weight reads like an EASE weight.
 */
export function itemItemNeighbours(
  rows: CustomerItemRows,
  n: number,
  headLimit: number,
  options: { lambda: number; width: number; cosineAsymmetry: number },
): { neighbours: SparseNeighbours; info: ItemModelInfo } {
  const { lambda, width } = options;
  if (headLimit >= n) {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    return { neighbours: trainEase(rows, n, all, lambda, width), info: { kind: 'ease', headItems: n, cosineScale: 1 } };
  }
  const head = headItems(rows, n, headLimit);
  const ease = trainEase(rows, n, head, lambda, width);
  const cosine = cosineNeighbours(rows, n, width, options.cosineAsymmetry);
  const cosineScale = medianFirstWeight(ease, head) / Math.max(1e-12, medianFirstWeight(cosine, head)) || 1;
  const inHead = new Uint8Array(n);
  for (const i of head) inHead[i] = 1;
  const out = emptyNeighbours(n, width);
  const selector = new NeighbourSelector(width);
  for (let i = 0; i < n; i++) {
    selector.reset();
    const base = i * width;
    for (let s = base; s < base + width && ease.index[s] >= 0; s++) selector.offer(ease.index[s], ease.weight[s]);
    for (let s = base; s < base + width && cosine.index[s] >= 0; s++) {
      if (!inHead[i] || !inHead[cosine.index[s]]) selector.offer(cosine.index[s], cosine.weight[s] * cosineScale);
    }
    selector.writeRow(out, i);
  }
  return { neighbours: out, info: { kind: 'ease-head+cosine', headItems: head.length, cosineScale } };
}

/**
 * Asymmetric cosine of item columns: Σ w_i·w_j / ((Σ w_i²)^α · (Σ w_j²)^(1-α)) over shared
 * rows. α = 0.5 is the plain cosine; a larger α leans towards what i's buyers buy most (a
 * conditional probability at α = 1), which suits a catalogue's thin tail (see
 * TrainingOptions.cosineAsymmetry).
 */
export function cosineNeighbours(rows: CustomerItemRows, n: number, width: number, asymmetry = 0.5): SparseNeighbours {
  const diagonal = gramDiagonal(rows, n);
  return sparseNeighbours(rows, n, width, MAX_ROW_ITEMS, (i, j, value) => value / (Math.pow(diagonal[i], asymmetry) * Math.pow(diagonal[j], 1 - asymmetry)));
}

/**
 * Neighbours scored from each sparse row of XᵀX: `score(i, j, Σ w_i·w_j)` over pairs in enough
 * shared rows.
 * Rows longer than `maxRowItems` count in no pair.
 */
export function sparseNeighbours(rows: CustomerItemRows, n: number, width: number, maxRowItems: number, score: (i: number, j: number, value: number) => number): SparseNeighbours {
  const out = emptyNeighbours(n, width);
  const selector = new NeighbourSelector(width);
  forEachGramRow(rows, n, maxRowItems, ({ item, touched, size, values, counts }) => {
    selector.reset();
    for (let t = 0; t < size; t++) {
      const j = touched[t];
      if (counts[j] >= MIN_SHARED_ROWS) selector.offer(j, score(item, j, values[j]));
    }
    selector.writeRow(out, item);
  });
  return out;
}

/** The `limit` items in the most rows (ties: lower index), ascending. */
function headItems(rows: CustomerItemRows, n: number, limit: number): Int32Array {
  const rowCount = new Int32Array(n);
  for (let a = 0; a < rows.items.length; a++) rowCount[rows.items[a]]++;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => rowCount[b] - rowCount[a] || a - b);
  return order.slice(0, Math.max(0, limit)).sort();
}

function medianFirstWeight(nb: SparseNeighbours, items: Int32Array): number {
  const firsts: number[] = [];
  for (const i of items) if (nb.index[i * nb.width] >= 0) firsts.push(nb.weight[i * nb.width]);
  firsts.sort((a, b) => a - b);
  return firsts.length ? firsts[firsts.length >> 1] : 0;
}
