import { DAY_MS, timeOf, type InteractionKind } from './interaction';
import { isMerchandiseCode } from './product-codes';
import type { RecommenderState } from './recommender-state';
import { pooledSeason } from './season-smoothing';
import type { SparseNeighbours } from './sparse-neighbours';

export interface ProductInfo {
  productId: string;
  price?: number;
  /** Inactive products are never recommended. */
  active?: boolean;
  /** Defaults to the stock-code rule (five digits, optional letters). */
  merchandise?: boolean;
}

/** A recorded event not yet in the trained model: re-ranks without retraining. */
export interface LiveEvent {
  productId: string;
  kind: InteractionKind;
  time: Date | number;
}

export interface RecommendOptions {
  k: number;
  excludePurchased?: boolean;
  minPrice?: number;
  maxPrice?: number;
  excludeProductIds?: Iterable<string>;
  recentEvents?: readonly LiveEvent[];
  /** Reference instant for decay; defaults to the model's last training purchase. */
  now?: number;
}

/** reason: `bought-before`, `similar-to:<productId>`, `recently-viewed`, `in-cart`, `popular`. */
export interface ScoredProduct {
  productId: string;
  score: number;
  reason: string;
}

/** Weights of the per-customer max-normalised components, and exponents of the per-item factors. */
export interface BlendWeights {
  repeat: number;
  itemItem: number;
  popularity: number;
  /**
   * Exponent of the item's seasonal lift (recent vs all-time share of buyers) applied to the
   * repeat and item-item scores: products in season rise. 0 turns it off. Default 0.5.
   */
  season?: number;
  /**
   * Item-item neighbours whose seasonal lift is pooled with the item's own in the factor on the
   * repeat score (see pooledSeason); 0 uses the item's own lift. Default 5. The item-item score
   * keeps the item's own lift: pooling there hurt "new" recall on the 2011-09-09 split.
   */
  seasonNeighbours?: number;
  /** Exponent of the item's repeat rate (staples vs one-offs) on the repeat score. Default 0.5. */
  repeatRate?: number;
  /**
   * Exponent of replenishment due-ness on the repeat score: (days since the item's last basket
   * + REPLENISH_HORIZON_DAYS) over the days that basket lasts at the customer's pace
   * (CustomerHistories.coverageDays), clipped to [1/REPLENISH_CLIP, REPLENISH_CLIP]. A product
   * whose stock should be running out rises. 0 turns it off. Default 0.2.
   */
  replenishment?: number;
  /**
   * Exponent of the customer's repeat propensity on the repeat weight: habitual re-buyers get
   * more of their own products, explorers more new ones. Default 1.
   */
  propensity?: number;
}

// From the 2011-10-09 developer split, confirmed on 2011-09-09 (tune-blend.ts): repeat buying
// dominates this wholesale data; popularity only breaks ties (more of it hurts "new" recall);
// square-root season and repeat-rate factors and a linear propensity each helped on both splits;
// pooling the repeat score's season over 5 neighbours helped on three splits (explore-due.ts);
// replenishment 0.2 (clip 2) raised Recall and NDCG on four splits (explore-retune.ts).
export const DEFAULT_BLEND: Required<BlendWeights> = {
  repeat: 1,
  itemItem: 0.35,
  popularity: 0.02,
  season: 0.5,
  seasonNeighbours: 5,
  repeatRate: 0.5,
  replenishment: 0.2,
  propensity: 1,
};

// Replenishment looks one month ahead (the horizon recommendations are judged on), and a
// factor of at most 2 either way: a pace read from a few baskets is rough.
const REPLENISH_HORIZON_DAYS = 30;
const REPLENISH_CLIP = 2;

// How much a live event counts, in purchases.
const LIVE_WEIGHT: Record<InteractionKind, number> = { purchase: 1, cart: 0.6, view: 0.25 };

export interface PopularOptions {
  k: number;
  sinceDays?: number;
  country?: string;
  now?: number;
}

/** Scores customers and products from a trained state; holds no tensors, cheap per call. */
export class Recommender {
  private readonly itemIndex = new Map<string, number>();
  private readonly customerRow = new Map<string, number>();
  private readonly eligible: Uint8Array;
  private readonly price: Float64Array;
  private readonly trendingMax: number;
  /** Per-item multipliers of the repeat and the item-item scores (season, repeat rate). */
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
    const n = state.productIds.length;
    this.eligible = new Uint8Array(n);
    this.price = new Float64Array(n).fill(Number.NaN);
    state.productIds.forEach((p, i) => (this.eligible[i] = isMerchandiseCode(p) ? 1 : 0));
    for (const info of catalog) {
      const i = this.itemIndex.get(info.productId);
      if (i === undefined) continue;
      const merch = info.merchandise ?? isMerchandiseCode(info.productId);
      this.eligible[i] = merch && info.active !== false ? 1 : 0;
      if (info.price !== undefined) this.price[i] = info.price;
    }
    this.trendingMax = Math.max(1e-12, ...state.trending);
    this.repeatFactor = new Float32Array(n);
    this.similarFactor = new Float32Array(n);
    const k = this.blend.seasonNeighbours;
    const repeatSeason = state.season && k > 0 ? pooledSeason(state.season, state.itemItem, k) : state.season;
    for (let j = 0; j < n; j++) {
      const rate = state.repeatRate ? Math.pow(state.repeatRate[j], this.blend.repeatRate) : 1;
      this.similarFactor[j] = state.season ? Math.pow(state.season[j], this.blend.season) : 1;
      this.repeatFactor[j] = (repeatSeason ? Math.pow(repeatSeason[j], this.blend.season) : 1) * rate;
    }
  }

  get productCount(): number {
    return this.state.productIds.length;
  }

  hasCustomer(customerId: string): boolean {
    return this.customerRow.has(customerId);
  }

  recommend(customerId: string, options: RecommendOptions): ScoredProduct[] {
    const { state, blend } = this;
    const n = state.productIds.length;
    const now = options.now ?? state.trainedUntil;
    const opts = state.options;
    const repeat = new Float32Array(n);
    const input = new Map<number, number>(); // item -> weight in the item-item input row
    const bought = new Uint8Array(n);
    const liveReason = new Map<number, string>();

    const row = this.customerRow.get(customerId);
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
        input.set(i, decay(now - h.lastTime[a], opts.itemHalfLifeDays));
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
    const scored: ScoredProduct[] = [];
    const candidates: number[] = [];
    const scores = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      if (excluded[j]) continue;
      const r = repeatMax > 0 ? (repeatWeight * repeat[j]) / repeatMax : 0;
      const s = similarMax > 0 ? (blend.itemItem * similar[j]) / similarMax : 0;
      const p = (blend.popularity * state.trending[j]) / this.trendingMax;
      scores[j] = r + s + p;
      candidates.push(j);
    }
    for (const j of topK(candidates, scores, options.k)) {
      const r = repeatMax > 0 ? (repeatWeight * repeat[j]) / repeatMax : 0;
      const s = similarMax > 0 ? (blend.itemItem * similar[j]) / similarMax : 0;
      const p = (blend.popularity * state.trending[j]) / this.trendingMax;
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

  /** Items the learned item-item model links to `productId` (reason `similar-to:<id>`). */
  similarProducts(productId: string, k: number): ScoredProduct[] {
    return this.neighbours(this.state.itemItem, productId, k, `similar-to:${productId}`);
  }

  /** Items bought in the same baskets as `productId` (reason `bought-with:<id>`). */
  boughtTogether(productId: string, k: number): ScoredProduct[] {
    return this.neighbours(this.state.boughtTogether, productId, k, `bought-with:${productId}`);
  }

  /** Distinct buying customers per product, optionally over the last `sinceDays` and a country. */
  popularProducts(options: PopularOptions): ScoredProduct[] {
    const { state } = this;
    const n = state.productIds.length;
    if (options.sinceDays === undefined && options.country === undefined) {
      return this.rank(state.customerCounts, options.k, 'popular');
    }
    const sales = state.sales;
    const country = options.country === undefined ? -2 : sales.countries.indexOf(options.country);
    if (country === -1) return [];
    const now = options.now ?? state.trainedUntil;
    const firstDay = options.sinceDays === undefined ? -Infinity : Math.floor(now / DAY_MS) - options.sinceDays + 1;
    const counts = new Float32Array(n);
    for (let r = 0; r < sales.item.length; r++) {
      if (sales.day[r] < firstDay || (country !== -2 && sales.country[r] !== country)) continue;
      counts[sales.item[r]] += sales.customers[r];
    }
    return this.rank(counts, options.k, 'popular');
  }

  private rank(values: Float32Array, k: number, reason: string): ScoredProduct[] {
    const candidates: number[] = [];
    for (let j = 0; j < values.length; j++) if (this.eligible[j] && values[j] > 0) candidates.push(j);
    return topK(candidates, values, k).map((j) => ({ productId: this.state.productIds[j], score: values[j], reason }));
  }

  private neighbours(nb: SparseNeighbours, productId: string, k: number, reason: string): ScoredProduct[] {
    const i = this.itemIndex.get(productId);
    if (i === undefined) return [];
    const out: ScoredProduct[] = [];
    for (let s = i * nb.width, end = s + nb.width; s < end && nb.index[s] >= 0 && out.length < k; s++) {
      const j = nb.index[s];
      if (this.eligible[j]) out.push({ productId: this.state.productIds[j], score: nb.weight[s], reason });
    }
    return out;
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
        (options.maxPrice !== undefined && !(price <= options.maxPrice))
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

function decay(ageMs: number, halfLifeDays: number): number {
  return Math.pow(2, -ageMs / (halfLifeDays * DAY_MS));
}

function maxOf(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Indices of the k largest scores, best first; ties broken by index for determinism. */
function topK(candidates: number[], scores: Float32Array, k: number): number[] {
  const want = Math.max(0, k);
  if (want === 0) return [];
  // Bounded insertion into a sorted buffer: O(n·k) worst case, ~O(n) in practice for k ≪ n,
  // instead of sorting every candidate.
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
  const out: number[] = [];
  for (const j of candidates) {
    if (out.length === want && !better(j, out[want - 1])) continue;
    let p = out.length;
    while (p > 0 && better(j, out[p - 1])) p--;
    out.splice(p, 0, j);
    if (out.length > want) out.pop();
  }
  return out;
}
