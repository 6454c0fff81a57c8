// The Recommender's dense ranking as it was before issue 15 (every item scored per call): the
// oracle sparse-ranking.spec.ts compares the sparse Recommender with. Test code only.
import { decay } from '../decay';
import { DAY_MS, timeOf, type InteractionKind } from '../interaction';
import { DEFAULT_BLEND, type BlendWeights, type ProductInfo, type RankedItem, type RecommendOptions } from '../recommender-options';
import type { RecommenderState } from '../recommender-state';
import { pooledSeason } from '../season-smoothing';
import { topK } from '../top-k';

const REPLENISH_HORIZON_DAYS = 30;
const REPLENISH_CLIP = 2;
const LIVE_WEIGHT: Record<InteractionKind, number> = { purchase: 1, cart: 0.6, view: 0.25 };

function maxOf(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

export class DenseRanking {
  private readonly itemIndex = new Map<string, number>();
  private readonly customerRow = new Map<string, number>();
  private readonly interactionRow = new Map<string, number>();
  private readonly eligible: Uint8Array;
  private readonly price: Float64Array;
  /** Trending buyers × the pooled seasonal lift, and its maximum. */
  private readonly popularity: Float64Array;
  private readonly popularMax: number;
  private readonly repeatFactor: Float32Array;
  private readonly similarFactor: Float32Array;
  readonly blend: Required<BlendWeights>;

  constructor(
    readonly state: RecommenderState,
    catalog: Iterable<ProductInfo> = [],
    blend: BlendWeights = DEFAULT_BLEND,
  ) {
    this.blend = { ...DEFAULT_BLEND, ...blend };
    state.productIds.forEach((p, i) => this.itemIndex.set(p, i));
    state.histories.customerIds.forEach((c, r) => this.customerRow.set(c, r));
    state.interactions?.customerIds.forEach((c, r) => this.interactionRow.set(c, r));
    const n = state.productIds.length;
    this.eligible = new Uint8Array(n).fill(1);
    this.price = new Float64Array(n).fill(Number.NaN);
    for (const info of catalog) {
      const i = this.itemIndex.get(info.productId);
      if (i === undefined) continue;
      this.eligible[i] = info.recommendable !== false && info.available !== false ? 1 : 0;
      this.price[i] = info.price ?? Number.NaN;
    }
    this.repeatFactor = new Float32Array(n);
    this.similarFactor = new Float32Array(n);
    const k = this.blend.seasonNeighbours;
    const repeatSeason = state.season && k > 0 ? pooledSeason(state.season, state.itemItem, k) : state.season;
    for (let j = 0; j < n; j++) {
      const rate = state.repeatRate ? Math.pow(state.repeatRate[j], this.blend.repeatRate) : 1;
      this.similarFactor[j] = state.season ? Math.pow(state.season[j], this.blend.season) : 1;
      this.repeatFactor[j] = (repeatSeason ? Math.pow(repeatSeason[j], this.blend.season) : 1) * rate;
    }
    this.popularity = Float64Array.from(state.trending, (t, j) => t * (repeatSeason ? Math.pow(repeatSeason[j], this.blend.season) : 1));
    this.popularMax = Math.max(1e-12, ...this.popularity);
  }

  /** The unwindowed popular list: distinct buyers, eligible products only. */
  popular(k: number): RankedItem[] {
    const values = this.state.customerCounts;
    const candidates: number[] = [];
    for (let j = 0; j < values.length; j++) if (this.eligible[j] && values[j] > 0) candidates.push(j);
    return topK(candidates, values, k).map((j) => ({ productId: this.state.productIds[j], score: values[j], reason: 'popular' }));
  }

  ranked(customerId: string | undefined, options: RecommendOptions): RankedItem[] {
    const { state, blend } = this;
    const n = state.productIds.length;
    const now = options.now ?? state.trainedUntil;
    const opts = state.options;
    const repeat = new Float32Array(n);
    const input = new Map<number, number>(); // item -> weight in the item-item input row
    const bought = new Uint8Array(n);
    const liveReason = new Map<number, string>();

    const row = customerId === undefined ? undefined : this.customerRow.get(customerId);
    const purchaseWeight = opts.interactionWeights?.purchase ?? 1; // absent in old states
    let repeatWeight = blend.repeat;
    if (row !== undefined) {
      const propensity = state.histories.repeatPropensity?.[row] ?? 1;
      repeatWeight *= Math.pow(propensity, blend.propensity);
      const h = state.histories;
      const shift = decay(now - state.trainedUntil, opts.repeatHalfLifeDays);
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
        const i = h.items[a];
        repeat[i] = h.decayed[a] * shift * this.replenishmentFactor(h.coverageDays?.[a] ?? 0, now - h.lastTime[a]);
        bought[i] = 1;
        input.set(i, decay(now - h.lastTime[a], opts.itemHalfLifeDays) * purchaseWeight);
      }
    }
    const looked = state.interactions;
    const irow = customerId === undefined || !looked ? undefined : this.interactionRow.get(customerId);
    if (looked && irow !== undefined) {
      const shift = decay(Math.max(0, now - state.trainedUntil), opts.itemHalfLifeDays);
      for (let a = looked.offsets[irow]; a < looked.offsets[irow + 1]; a++) {
        const i = looked.items[a];
        input.set(i, Math.max(input.get(i) ?? 0, looked.weights[a] * shift));
      }
    }
    for (const e of options.recentEvents ?? []) {
      const i = this.itemIndex.get(e.productId);
      if (i === undefined) continue;
      const w = LIVE_WEIGHT[e.kind] * decay(Math.max(0, now - timeOf(e)), opts.repeatHalfLifeDays);
      repeat[i] += w;
      input.set(i, Math.max(input.get(i) ?? 0, LIVE_WEIGHT[e.kind]));
      if (e.kind === 'purchase') bought[i] = 1;
      else if (!bought[i]) liveReason.set(i, e.kind === 'cart' ? 'in-cart' : 'recently-viewed');
    }

    for (let j = 0; j < n; j++) if (repeat[j] > 0) repeat[j] *= this.repeatFactor[j];

    // Learned item-item scores, remembering which owned item contributed most.
    const similar = new Float32Array(n);
    const bestSource = new Int32Array(n).fill(-1);
    const bestContribution = new Float32Array(n);
    const nb = state.itemItem;
    for (const [i, x] of input) {
      for (let s = i * nb.width, end = s + nb.width; s < end && nb.index[s] >= 0; s++) {
        const j = nb.index[s];
        const c = x * nb.weight[s];
        similar[j] += c;
        if (c > bestContribution[j]) {
          bestContribution[j] = c;
          bestSource[j] = i;
        }
      }
    }

    for (let j = 0; j < n; j++) if (similar[j] !== 0) similar[j] *= this.similarFactor[j];

    const excluded = this.excluded(options, options.excludePurchased ? bought : undefined);
    const repeatMax = maxOf(repeat);
    const similarMax = maxOf(similar);
    const scored: RankedItem[] = [];
    const candidates: number[] = [];
    const scores = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      if (excluded[j]) continue;
      const r = repeatMax > 0 ? (repeatWeight * repeat[j]) / repeatMax : 0;
      const s = similarMax > 0 ? (blend.itemItem * similar[j]) / similarMax : 0;
      const p = (blend.popularity * this.popularity[j]) / this.popularMax;
      scores[j] = r + s + p;
      candidates.push(j);
    }
    for (const j of topK(candidates, scores, options.k)) {
      const r = repeatMax > 0 ? (repeatWeight * repeat[j]) / repeatMax : 0;
      const s = similarMax > 0 ? (blend.itemItem * similar[j]) / similarMax : 0;
      const p = (blend.popularity * this.popularity[j]) / this.popularMax;
      let reason = 'popular';
      if (r >= s && r >= p && r > 0) reason = bought[j] ? 'bought-before' : (liveReason.get(j) ?? 'bought-before');
      else if (s >= p && s > 0 && bestSource[j] >= 0) reason = `similar-to:${state.productIds[bestSource[j]]}`;
      scored.push({ productId: state.productIds[j], score: scores[j], reason });
    }
    return scored;
  }

  private replenishmentFactor(coverageDays: number, sinceLastMs: number): number {
    if (!(coverageDays > 0) || this.blend.replenishment === 0) return 1;
    const due = (sinceLastMs / DAY_MS + REPLENISH_HORIZON_DAYS) / Math.max(1, coverageDays);
    return Math.pow(Math.min(REPLENISH_CLIP, Math.max(1 / REPLENISH_CLIP, due)), this.blend.replenishment);
  }

  private excluded(options: RecommendOptions, bought: Uint8Array | undefined): Uint8Array {
    const n = this.state.productIds.length;
    const out = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      const price = this.price[j];
      out[j] =
        !this.eligible[j] ||
        (bought !== undefined && bought[j] === 1) ||
        (options.minPrice !== undefined && !(price >= options.minPrice)) ||
        (options.maxPrice !== undefined && !(price <= options.maxPrice)) ||
        (options.include !== undefined && !options.include(this.state.productIds[j]))
          ? 1
          : 0;
    }
    for (const p of options.excludeProductIds ?? []) {
      const j = this.itemIndex.get(p);
      if (j !== undefined) out[j] = 1;
    }
    return out;
  }
}
