// The shipped blend's parts, replicated in memory so experiments can change one at a time.
import { decay, pooledSeason, type RecommenderState } from '@reco/recommendation-tools/model';
import type { SplitContext } from './split-context';

/**
 * Item-item (EASE) scores of one customer (a row of the state's histories): each own product's
 * neighbours weighted by the decay of its last purchase (`hl` days), times √season.
 */
export function itemItemScores(state: RecommenderState, row: number, hl: number): Float32Array {
  const h = state.histories, nb = state.itemItem, n = state.productIds.length;
  const sim = new Float32Array(n);
  for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
    const x = decay(state.trainedUntil - h.lastTime[a], hl);
    for (let q = h.items[a] * nb.width, e = q + nb.width; q < e && nb.index[q] >= 0; q++) sim[nb.index[q]] += x * nb.weight[q];
  }
  for (let j = 0; j < n; j++) sim[j] *= Math.sqrt(state.season![j]);
  return sim;
}

export interface BlendComponents {
  /** Repeat score of own products: decayed count × √(pooled season × repeat rate); no due-ness. */
  rep: Float32Array;
  sim: Float32Array;
  /** The customer's repeat propensity. */
  prop: number;
  /** Own products (item indices). */
  own: number[];
}

/** Per customer, cached: the blend's parts as shipped before replenishment due-ness. */
export function blendComponents(ctx: SplitContext): (customerId: string) => BlendComponents {
  const st = ctx.state, h = st.histories, n = st.productIds.length;
  const { rowOf } = ctx;
  const repSeason = pooledSeason(st.season!, st.itemItem, 5);
  const repFactor = new Float32Array(n);
  for (let j = 0; j < n; j++) repFactor[j] = Math.sqrt(repSeason[j] * st.repeatRate![j]);
  const cache = new Map<string, BlendComponents>();
  return (c) => {
    let p = cache.get(c);
    if (p) return p;
    const row = rowOf.get(c)!;
    const rep = new Float32Array(n), own: number[] = [];
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
      own.push(h.items[a]);
      rep[h.items[a]] = h.decayed[a] * repFactor[h.items[a]];
    }
    p = { rep, sim: itemItemScores(st, row, st.options.itemHalfLifeDays), prop: h.repeatPropensity![row], own };
    cache.set(c, p);
    return p;
  };
}
