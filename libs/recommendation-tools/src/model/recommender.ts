import { customerSignals, dueness, spreadItemItem, type SignalContext } from './customer-signals';
import { DAY_MS } from './interaction';
import { DEFAULT_BLEND, type BlendWeights, type ItemFilter, type PopularOptions, type ProductInfo, type RankedItem, type RecommendOptions } from './recommender-options';
import type { RecommenderState } from './recommender-state';
import { eligibilityOf, leastEligible, OFFERED } from './eligibility';
import { pooledSeason } from './season-smoothing';
import type { SparseNeighbours } from './sparse-neighbours';
import { RankingScratch } from './ranking-scratch';
import { FixedOrder, topK } from './top-k';

/** Scores customers and products from a trained state; holds no tensors, cheap per call. */
export class Recommender {
  private readonly itemIndex = new Map<string, number>();
  private readonly customerRow = new Map<string, number>();
  private readonly interactionRow = new Map<string, number>();
  private readonly eligible: Uint8Array;
  private readonly price: Float64Array;
  /** Per item: the blend's popularity term (trending buyers × seasonal lift, weighted, max-normalised). */
  private readonly popularity: Float64Array;
  /** Per-item multipliers of the repeat and the item-item scores (season, repeat rate). */
  private readonly repeatFactor: Float32Array;
  private readonly similarFactor: Float32Array;
  /** Items by their popularity term, best first: the order untouched items score in. */
  private readonly popularityOrder: FixedOrder;
  /** Items by all-time buyers, best first: the unwindowed popular list. */
  private readonly customerCountOrder: FixedOrder;
  /** Per item: trending buyers × seasonal lift, and its order (made at the first trending call). */
  private trend: { values: Float32Array; order: FixedOrder } | undefined;
  private readonly scratch: RankingScratch;
  private readonly signals: SignalContext;
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
    this.eligible = new Uint8Array(n).fill(OFFERED);
    this.price = new Float64Array(n).fill(Number.NaN);
    this.updateProducts(catalog);
    this.repeatFactor = new Float32Array(n);
    this.similarFactor = new Float32Array(n);
    const k = this.blend.seasonNeighbours;
    const repeatSeason = state.season && k > 0 ? pooledSeason(state.season, state.itemItem, k) : state.season;
    for (let j = 0; j < n; j++) {
      const rate = state.repeatRate ? Math.pow(state.repeatRate[j], this.blend.repeatRate) : 1;
      this.similarFactor[j] = state.season ? Math.pow(state.season[j], this.blend.season) : 1;
      this.repeatFactor[j] = (repeatSeason ? Math.pow(repeatSeason[j], this.blend.season) : 1) * rate;
    }
    // Trending buyers × the repeat score's pooled seasonal lift: like the other two terms, the
    // popularity term favours what is in season (explore-new-recall.ts). A loop, not
    // Math.max(...): spreading 100k+ arguments overflows the stack.
    this.popularity = new Float64Array(n);
    let popularityMax = 1e-12;
    for (let j = 0; j < n; j++) {
      this.popularity[j] = state.trending[j] * (repeatSeason ? Math.pow(repeatSeason[j], this.blend.season) : 1);
      popularityMax = Math.max(popularityMax, this.popularity[j]);
    }
    for (let j = 0; j < n; j++) this.popularity[j] = (this.blend.popularity * this.popularity[j]) / popularityMax;
    // The popularity term exactly as rankWith reads it, so the order is its score order.
    this.popularityOrder = new FixedOrder(this.popularity);
    this.customerCountOrder = new FixedOrder(state.customerCounts);
    this.scratch = new RankingScratch(n);
    this.signals = { state, blend: this.blend, itemIndex: this.itemIndex, repeatFactor: this.repeatFactor, similarFactor: this.similarFactor };
  }

  get productCount(): number {
    return this.state.productIds.length;
  }

  /**
   * What the catalogue now says of some products (hidden, out of stock, new price): applies to
   * the next call, without retraining. Products the model never saw are ignored.
   */
  updateProducts(catalog: Iterable<ProductInfo>): void {
    for (const info of catalog) {
      const i = this.itemIndex.get(info.productId);
      if (i === undefined) continue;
      this.eligible[i] = eligibilityOf(info);
      this.price[i] = info.price ?? Number.NaN;
    }
  }

  /** Bought, viewed or carted something in the training data. */
  hasCustomer(customerId: string): boolean {
    return this.customerRow.has(customerId) || this.interactionRow.has(customerId);
  }

  /** The product is in the model's vocabulary. */
  knowsProduct(productId: string): boolean {
    return this.itemIndex.has(productId);
  }

  /** Products the customer bought in the training data. */
  purchasedBy(customerId: string): string[] {
    const row = this.customerRow.get(customerId);
    if (row === undefined) return [];
    const h = this.state.histories;
    return Array.from(h.items.subarray(h.offsets[row], h.offsets[row + 1]), (i) => this.state.productIds[i]);
  }

  recommend(customerId: string, options: RecommendOptions): RankedItem[] {
    return this.ranked(customerId, options);
  }

  /** For a visitor the model does not know (an anonymous session): from `recentEvents` alone. */
  recommendFromEvents(options: RecommendOptions): RankedItem[] {
    return this.ranked(undefined, options);
  }

  private ranked(customerId: string | undefined, options: RecommendOptions): RankedItem[] {
    // Calls are synchronous, so one scratch per instance is safe; a re-entrant call (from an
    // `include` callback) would find it in use and takes its own.
    const scratch = this.scratch.inUse ? new RankingScratch(this.productCount) : this.scratch;
    scratch.inUse = true;
    try {
      return this.rankWith(scratch, customerId, options);
    } finally {
      scratch.reset();
      scratch.inUse = false;
    }
  }

  /**
   * Exact top-k with O(history · width + k) work: only items the customer's history, events and
   * their item-item neighbours touch get repeat or item-item scores; every other item scores its
   * popularity term alone, a fixed order (popularityOrder) whose first eligible entries are the
   * only untouched candidates that can make the list.
   */
  private rankWith(scratch: RankingScratch, customerId: string | undefined, options: RecommendOptions): RankedItem[] {
    const { state, blend } = this;
    const rows = {
      purchases: customerId === undefined ? undefined : this.customerRow.get(customerId),
      interactions: customerId === undefined ? undefined : this.interactionRow.get(customerId),
    };
    const { input, liveReason, repeatWeight } = customerSignals(this.signals, scratch, rows, options.recentEvents ?? [], options.now ?? state.trainedUntil);
    spreadItemItem(this.signals, scratch, input);
    const { repeat, similar, bought, score } = scratch;
    const touched = scratch.touched();
    let repeatMax = 0;
    let similarMax = 0;
    for (const j of touched) {
      if (repeat[j] > repeatMax) repeatMax = repeat[j];
      if (similar[j] > similarMax) similarMax = similar[j];
    }
    const repeatPart = (j: number) => (repeatMax > 0 ? (repeatWeight * repeat[j]) / repeatMax : 0);
    const similarPart = (j: number) => (similarMax > 0 ? (blend.itemItem * similar[j]) / similarMax : 0);
    const popularityPart = (j: number) => this.popularity[j];
    const scoreOf = (j: number) => Math.fround(repeatPart(j) + similarPart(j) + popularityPart(j));
    const excluded = this.exclusion(options, options.excludePurchased ? bought : undefined);

    const candidates: number[] = [];
    for (const j of touched) {
      if (excluded(j)) continue;
      score[j] = scoreOf(j);
      candidates.push(j);
    }
    // Untouched items score their popularity term alone: the fixed order's prefix holds the ones that can win.
    this.popularityOrder.collect(Math.max(0, options.k), (j) => scratch.isTouched(j) || excluded(j), scoreOf, candidates, score);

    return topK(candidates, score, options.k).map((j) => {
      const r = repeatPart(j);
      const s = similarPart(j);
      const p = popularityPart(j);
      let reason = 'popular';
      if (r >= s && r >= p && r > 0) reason = bought[j] ? 'bought-before' : (liveReason.get(j) ?? 'bought-before');
      else if (s >= p && s > 0 && scratch.bestSource[j] >= 0) reason = `similar-to:${state.productIds[scratch.bestSource[j]]}`;
      return { productId: state.productIds[j], score: score[j], reason };
    });
  }

  /** Items the learned item-item model links to `productId` (reason `similar-to:<id>`). */
  similarProducts(productId: string, k: number, filter: ItemFilter = {}): RankedItem[] {
    return this.neighbours(this.state.itemItem, productId, k, `similar-to:${productId}`, filter);
  }

  /** Items bought in the same baskets as `productId` (reason `bought-with:<id>`). */
  boughtTogether(productId: string, k: number, filter: ItemFilter = {}): RankedItem[] {
    return this.neighbours(this.state.boughtTogether, productId, k, `bought-with:${productId}`, filter);
  }

  /** Distinct buying customers per product, optionally over the last `sinceDays` and a country. */
  popularProducts(options: PopularOptions): RankedItem[] {
    const { state } = this;
    const n = state.productIds.length;
    if (options.sinceDays === undefined && options.country === undefined) {
      return this.rank(state.customerCounts, options.k, 'popular', options, this.customerCountOrder);
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
    return this.rank(counts, options.k, 'popular', options);
  }

  /**
   * Rising products (reason `trending`): per item, its time-decayed distinct buyers (a purchase
   * counts 2^(-age / popularityHalfLifeDays), 30 days by default: momentum) times its seasonal
   * lift (its share of the buyers of the last seasonWindowDays, 14 by default, over its
   * all-time share, smoothed: above 1 is in season now). Ages are measured at the model's last
   * purchase. Without a season in the state (old models), momentum alone.
   */
  trendingProducts(options: ItemFilter & { k: number }): RankedItem[] {
    if (!this.trend) {
      const { trending, season } = this.state;
      const values = new Float32Array(trending.length);
      for (let j = 0; j < values.length; j++) values[j] = trending[j] * (season ? season[j] : 1);
      this.trend = { values, order: new FixedOrder(values) };
    }
    return this.rank(this.trend.values, options.k, 'trending', options, this.trend.order);
  }

  /**
   * Products the customer bought (training data), most due first (reason `buy-again`): their
   * decayed baskets of it × the item's repeat rate × due-ness (see `dueness`).
   */
  buyAgain(customerId: string, options: ItemFilter & { k: number; now?: number }): RankedItem[] {
    const row = this.customerRow.get(customerId);
    if (row === undefined) return [];
    const { histories: h, repeatRate, productIds } = this.state;
    const now = options.now ?? this.state.trainedUntil;
    const least = leastEligible(options);
    const scored: { j: number; score: number }[] = [];
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
      const j = h.items[a];
      if (this.eligible[j] < least || (options.include && !options.include(productIds[j]))) continue;
      const rate = repeatRate ? Math.pow(repeatRate[j], this.blend.repeatRate) : 1;
      scored.push({ j, score: Math.fround(h.decayed[a] * rate * dueness(h.coverageDays?.[a] ?? 0, now - h.lastTime[a])) });
    }
    scored.sort((x, y) => y.score - x.score || x.j - y.j);
    return scored.slice(0, Math.max(0, options.k)).map(({ j, score }) => ({ productId: productIds[j], score, reason: 'buy-again' }));
  }

  private rank(values: Float32Array, k: number, reason: string, filter: ItemFilter, order?: FixedOrder): RankedItem[] {
    const least = leastEligible(filter);
    const { include } = filter;
    const { productIds } = this.state;
    const allowed = (j: number) => this.eligible[j] >= least && (include === undefined || include(productIds[j]));
    if (order) {
      // `values` in its own order: the first eligible positive ones are topK's answer, without a scan.
      const out: RankedItem[] = [];
      for (const j of order.order) {
        if (out.length >= Math.max(0, k) || !(values[j] > 0)) break;
        if (allowed(j)) out.push({ productId: productIds[j], score: values[j], reason });
      }
      return out;
    }
    const candidates: number[] = [];
    for (let j = 0; j < values.length; j++) if (values[j] > 0 && allowed(j)) candidates.push(j);
    return topK(candidates, values, k).map((j) => ({ productId: productIds[j], score: values[j], reason }));
  }

  private neighbours(nb: SparseNeighbours, productId: string, k: number, reason: string, filter: ItemFilter): RankedItem[] {
    const i = this.itemIndex.get(productId);
    if (i === undefined) return [];
    const least = leastEligible(filter);
    const { include } = filter;
    const out: RankedItem[] = [];
    for (let s = i * nb.width, end = s + nb.width; s < end && nb.index[s] >= 0 && out.length < k; s++) {
      const j = nb.index[s];
      if (this.eligible[j] >= least && (include === undefined || include(this.state.productIds[j]))) out.push({ productId: this.state.productIds[j], score: nb.weight[s], reason });
    }
    return out;
  }

  /** Whether item j may not be recommended in this call; evaluated only for items a ranking looks at. */
  private exclusion(options: RecommendOptions, bought: Uint8Array | undefined): (j: number) => boolean {
    const listed = new Set<number>();
    for (const p of options.excludeProductIds ?? []) {
      const j = this.itemIndex.get(p);
      if (j !== undefined) listed.add(j);
    }
    const { minPrice, maxPrice, include } = options;
    const least = leastEligible(options);
    return (j) => {
      const price = this.price[j];
      return (
        this.eligible[j] < least ||
        (bought !== undefined && bought[j] === 1) ||
        (minPrice !== undefined && !(price >= minPrice)) ||
        (maxPrice !== undefined && !(price <= maxPrice)) ||
        (include !== undefined && !include(this.state.productIds[j])) ||
        listed.has(j)
      );
    };
  }
}
