import type { SparseNeighbours } from './sparse-neighbours';

/**
 * Seasonal lift pooled over the item-item neighbourhood: the geometric mean of the item's own
 * lift (weight `selfWeight`) and of its first `k` neighbours' (weight 1/k each, strongest first).
 * A product few customers bought in the season window has a noisy lift of its own; what sells
 * with it says more about whether its line is in season. On the repeat score this lifted
 * Recall@20 ("all") on the 2011-10-09, 2011-09-09 and 2011-08-10 splits (explore-due.ts, slift).
 */
export function pooledSeason(season: Float32Array, neighbours: SparseNeighbours, k: number, selfWeight = 0.5): Float32Array {
  const out = new Float32Array(season.length);
  for (let i = 0; i < season.length; i++) {
    let logSum = selfWeight * Math.log(season[i]);
    let weight = selfWeight;
    const start = i * neighbours.width;
    for (let s = start, end = start + Math.min(k, neighbours.width); s < end && neighbours.index[s] >= 0; s++) {
      logSum += Math.log(season[neighbours.index[s]]) / k;
      weight += 1 / k;
    }
    out[i] = Math.exp(logSum / weight);
  }
  return out;
}
