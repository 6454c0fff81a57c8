import { decay } from './decay';
import type { CustomerItemRows } from './ease-item-model';
import { DAY_MS } from './interaction';
import { interactionHistories, itemItemRows, keptInteractions } from './interaction-rows';
import type { PurchaseColumns } from './purchase-columns';
import { DEFAULT_TRAINING_OPTIONS, type CustomerHistories, type RecommenderState, type TrainingOptions } from './recommender-state';
import { itemItemNeighbours } from './item-neighbours';
import { coPurchases, dailySales } from './sales-statistics';
import { DEFAULT_TRAINING_LIMITS, planTraining, type TrainingLimits } from './training-plan';

/**
 * Fits every component of the model to purchases, and the item-item model also to views and
 * carts (`purchases.interactions`, weighted by `interactionWeights`). Trains every row it is
 * given: which products may train is the reader's choice (the catalogue's `recommendable`).
 * Pure over serialisable input and output, so it can run in a worker thread (after
 * initTensorFlow there). Returns, and fills no global state. `limits` bound its memory: the
 * plan sizes the EASE head to fit, or refuses with TrainingMemoryError before building anything.
 */
export function fitRecommender(purchases: PurchaseColumns, options: Partial<TrainingOptions> = {}, limits: TrainingLimits = DEFAULT_TRAINING_LIMITS): RecommenderState {
  const opts: TrainingOptions = { ...DEFAULT_TRAINING_OPTIONS, ...options };
  const until = opts.until ?? Number.POSITIVE_INFINITY;

  // Rows that train: positive quantities, before `until`.
  const keep: number[] = [];
  let trainedUntil = 0;
  for (let r = 0; r < purchases.customer.length; r++) {
    if (!(purchases.quantity[r] > 0) || !(purchases.time[r] < until)) continue;
    keep.push(r);
    trainedUntil = Math.max(trainedUntil, purchases.time[r]);
  }
  const interactions = keptInteractions(purchases, until, opts.interactionWeights);
  trainedUntil = Math.max(trainedUntil, interactions.latest);

  // Item vocabulary in order of first appearance (purchased items first).
  const itemOf = new Int32Array(purchases.productIds.length).fill(-1);
  const productIds: string[] = [];
  for (const r of keep) {
    const p = purchases.product[r];
    if (itemOf[p] < 0) itemOf[p] = productIds.push(purchases.productIds[p]) - 1;
  }
  const looked = interactionHistories(purchases, interactions.rows, itemOf, productIds, trainedUntil, opts.interactionWeights, opts.itemHalfLifeDays);
  const n = productIds.length;
  const plan = planTraining(
    { purchaseRows: keep.length, interactionRows: interactions.rows.length, products: n, customers: purchases.customerIds.length, neighbours: opts.neighbours },
    limits,
  );

  // A basket is one customer at one instant (one invoice in this data).
  const perCustomer = new Map<number, Map<number, PairStats>>();
  for (const r of keep) {
    const c = purchases.customer[r];
    const i = itemOf[purchases.product[r]];
    const t = purchases.time[r];
    let items = perCustomer.get(c);
    if (!items) perCustomer.set(c, (items = new Map()));
    let e = items.get(i);
    if (!e) items.set(i, (e = { baskets: new Map(), decayed: 0, first: t, last: 0 }));
    e.baskets.set(t, (e.baskets.get(t) ?? 0) + purchases.quantity[r]);
    e.first = Math.min(e.first, t);
    e.last = Math.max(e.last, t);
  }
  const baskets = basketRows(perCustomer);

  weighRepeatBaskets(perCustomer, n, trainedUntil, opts);
  const histories = buildHistories(perCustomer, purchases.customerIds);
  const { repeatRate, repeatPropensity } = repeatStatistics(perCustomer, n);
  histories.repeatPropensity = repeatPropensity;
  const customerCounts = new Float32Array(n);
  const trending = new Float32Array(n);
  const easeWeights = new Float32Array(histories.items.length);
  for (let a = 0; a < histories.items.length; a++) {
    const age = trainedUntil - histories.lastTime[a];
    customerCounts[histories.items[a]] += 1;
    trending[histories.items[a]] += decay(age, opts.popularityHalfLifeDays);
    easeWeights[a] = decay(age, opts.itemHalfLifeDays) * opts.interactionWeights.purchase;
  }

  const season = seasonalLift(histories, customerCounts, trainedUntil, opts.seasonWindowDays);
  const itemItem = itemItemNeighbours(itemItemRows(histories, easeWeights, looked), n, plan.easeItems, {
    lambda: opts.lambda,
    width: opts.neighbours,
    cosineAsymmetry: opts.cosineAsymmetry,
  });
  return {
    version: 1,
    options: opts,
    trainedUntil,
    productIds,
    customerCounts,
    trending,
    season,
    repeatRate,
    itemItem: itemItem.neighbours,
    itemModel: itemItem.info,
    boughtTogether: coPurchases(baskets, n, opts.neighbours),
    histories,
    ...(looked.customerIds.length > 0 ? { interactions: looked } : {}),
    sales: dailySales(purchases, keep, itemOf),
    counts: { purchases: keep.length, customers: histories.customerIds.length, products: n, baskets: baskets.offsets.length - 1, interactions: interactions.rows.length },
  };
}

/**
 * Every basket as a row of its distinct items (weight 1): a customer's items grouped by the
 * instants of their baskets, from the per-customer stats (no key per purchase).
 */
function basketRows(perCustomer: Map<number, Map<number, PairStats>>): CustomerItemRows {
  let entries = 0;
  for (const items of perCustomer.values()) for (const e of items.values()) entries += e.baskets.size;
  const rows: CustomerItemRows = { offsets: new Int32Array(entries + 1), items: new Int32Array(entries), weights: new Float32Array(entries).fill(1) };
  let a = 0;
  let basket = 0;
  const byTime: { t: number; i: number }[] = [];
  for (const items of perCustomer.values()) {
    byTime.length = 0;
    for (const [i, e] of items) for (const t of e.baskets.keys()) byTime.push({ t, i });
    byTime.sort((x, y) => x.t - y.t || x.i - y.i);
    for (let b = 0; b < byTime.length; b++) {
      if (b > 0 && byTime[b].t !== byTime[b - 1].t) rows.offsets[++basket] = a;
      rows.items[a++] = byTime[b].i;
    }
    if (byTime.length > 0) rows.offsets[++basket] = a;
  }
  return { offsets: rows.offsets.slice(0, basket + 1), items: rows.items, weights: rows.weights };
}

interface PairStats {
  /** Basket instant -> quantity of the item in that basket. */
  baskets: Map<number, number>;
  /** The repeat score's base: see weighRepeatBaskets. */
  decayed: number;
  first: number;
  last: number;
}

/**
 * Fills each customer × item's `decayed`: Σ over its baskets of 2^(-age / repeat half-life) ×
 * (basket quantity / the item's median basket quantity)^quantityExponent, the ratio clipped to
 * [1/quantityClip, quantityClip]. A wholesale customer ordering a product in bulk stocks it as
 * a line and reorders it; a token quantity is a trial. Measured on four monthly splits before
 * 2011-11-08 (explore-returns-quantity.ts): exponent 0.1 raised "all" Recall@20 on each.
 */
function weighRepeatBaskets(perCustomer: Map<number, Map<number, PairStats>>, n: number, trainedUntil: number, opts: TrainingOptions): void {
  const quantities: number[][] = Array.from({ length: n }, () => []);
  for (const items of perCustomer.values()) for (const [i, e] of items) for (const q of e.baskets.values()) quantities[i].push(q);
  const median = quantities.map((q) => (q.sort((a, b) => a - b), q[q.length >> 1] ?? 1));
  const clip = Math.max(1, opts.quantityClip);
  for (const items of perCustomer.values()) {
    for (const [i, e] of items) {
      e.decayed = 0;
      for (const [t, q] of e.baskets) {
        const ratio = Math.min(clip, Math.max(1 / clip, q / median[i]));
        e.decayed += decay(trainedUntil - t, opts.repeatHalfLifeDays) * Math.pow(ratio, opts.quantityExponent);
      }
    }
  }
}

// Smoothing (pseudo-counts) of the ratios below: a product or customer seen a few times stays
// near the average instead of swinging to 0 or to extremes.
const SEASON_RECENT_PRIOR = 1;
const SEASON_ALL_PRIOR = 10;
const REPEAT_RATE_PRIOR = 5;
const PROPENSITY_PRIOR = 5;

/**
 * Seasonal lift: (recent buyers + 1) / Σ recent over (all-time buyers + 10) / Σ all-time, where
 * recent buyers are the distinct customers whose last purchase of the item falls in the window.
 */
function seasonalLift(h: CustomerHistories, customerCounts: Float32Array, trainedUntil: number, windowDays: number): Float32Array {
  const n = customerCounts.length;
  const recent = new Float32Array(n);
  for (let a = 0; a < h.items.length; a++) if (trainedUntil - h.lastTime[a] <= windowDays * DAY_MS) recent[h.items[a]] += 1;
  let recentTotal = 0;
  let allTotal = 0;
  for (let j = 0; j < n; j++) {
    recentTotal += recent[j] + SEASON_RECENT_PRIOR;
    allTotal += customerCounts[j] + SEASON_ALL_PRIOR;
  }
  const lift = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    lift[j] = (recent[j] + SEASON_RECENT_PRIOR) / recentTotal / ((customerCounts[j] + SEASON_ALL_PRIOR) / allTotal);
  }
  return lift;
}

/**
 * Item repeat rate: among customers who bought an item and shopped again afterwards, the share
 * who bought it again. Customer repeat propensity: of the items in a customer's baskets after
 * their first, the share they had bought before. Both smoothed and divided by their averages.
 */
function repeatStatistics(perCustomer: Map<number, Map<number, PairStats>>, n: number): { repeatRate: Float32Array; repeatPropensity: Float32Array } {
  const eligible = new Float64Array(n);
  const repeated = new Float64Array(n);
  const customerRepeats: number[] = [];
  const customerLater: number[] = [];
  for (const items of perCustomer.values()) {
    let firstBasket = Number.POSITIVE_INFINITY;
    let lastBasket = 0;
    for (const e of items.values()) {
      firstBasket = Math.min(firstBasket, e.first);
      lastBasket = Math.max(lastBasket, e.last);
    }
    let repeats = 0;
    let later = 0;
    for (const [i, e] of items) {
      const b = e.baskets.size;
      if (lastBasket > e.first) {
        eligible[i] += 1;
        if (b > 1) repeated[i] += 1;
      }
      repeats += b - 1;
      later += e.first === firstBasket ? b - 1 : b;
    }
    customerRepeats.push(repeats);
    customerLater.push(later);
  }
  const sum = (v: ArrayLike<number>) => {
    let total = 0;
    for (let i = 0; i < v.length; i++) total += v[i];
    return total;
  };
  const itemPrior = sum(repeated) / Math.max(1, sum(eligible)) || 1;
  const repeatRate = new Float32Array(n);
  for (let j = 0; j < n; j++) repeatRate[j] = (repeated[j] + REPEAT_RATE_PRIOR * itemPrior) / (eligible[j] + REPEAT_RATE_PRIOR) / itemPrior;
  const customerPrior = sum(customerRepeats) / Math.max(1, sum(customerLater)) || 1;
  const repeatPropensity = new Float32Array(customerRepeats.length);
  customerRepeats.forEach((r, c) => {
    repeatPropensity[c] = (r + PROPENSITY_PRIOR * customerPrior) / (customerLater[c] + PROPENSITY_PRIOR) / customerPrior;
  });
  return { repeatRate, repeatPropensity };
}

function buildHistories(
  perCustomer: Map<number, Map<number, PairStats>>,
  customerIds: string[],
): CustomerHistories {
  const total = [...perCustomer.values()].reduce((s, m) => s + m.size, 0);
  const coverage = new Float32Array(total);
  const h: CustomerHistories = {
    customerIds: [],
    offsets: new Int32Array(perCustomer.size + 1),
    items: new Int32Array(total),
    baskets: new Float32Array(total),
    decayed: new Float32Array(total),
    lastTime: new Float64Array(total),
    coverageDays: coverage,
  };
  let a = 0;
  for (const [c, items] of perCustomer) {
    h.customerIds.push(customerIds[c]);
    for (const [i, e] of items) {
      h.items[a] = i;
      h.baskets[a] = e.baskets.size;
      h.decayed[a] = e.decayed;
      h.lastTime[a] = e.last;
      coverage[a] = coverageDays(e);
      a++;
    }
    h.offsets[h.customerIds.length] = a;
  }
  return h;
}

// Baskets closer together than this say nothing about a pace of consumption (split orders).
const MIN_PACE_SPAN_DAYS = 7;

/** See CustomerHistories.coverageDays. */
function coverageDays({ baskets, first, last }: PairStats): number {
  const spanDays = (last - first) / DAY_MS;
  if (baskets.size < 2 || spanDays < MIN_PACE_SPAN_DAYS) return 0;
  let total = 0;
  for (const q of baskets.values()) total += q;
  const lastQuantity = baskets.get(last) ?? 0;
  const perDay = (total - lastQuantity) / spanDays;
  return perDay > 0 ? lastQuantity / perDay : 0;
}
