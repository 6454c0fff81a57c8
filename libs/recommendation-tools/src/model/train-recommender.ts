import { DAY_MS } from './interaction';
import { isMerchandiseCode } from './product-codes';
import type { PurchaseColumns } from './purchase-columns';
import { DEFAULT_TRAINING_OPTIONS, type CustomerHistories, type DailySales, type RecommenderState, type TrainingOptions } from './recommender-state';
import { trainEase } from './ease-item-model';
import { topNeighbours, type SparseNeighbours } from './sparse-neighbours';

const decay = (ageMs: number, halfLifeDays: number) => Math.pow(2, -ageMs / (halfLifeDays * DAY_MS));

/**
 * Trains every component from purchases. Pure over serialisable input and output, so it can run
 * in a worker thread (after initTensorFlow there). Returns, and fills no global state.
 */
export function trainRecommender(purchases: PurchaseColumns, options: Partial<TrainingOptions> = {}): RecommenderState {
  const opts: TrainingOptions = { ...DEFAULT_TRAINING_OPTIONS, ...options };
  const until = opts.until ?? Number.POSITIVE_INFINITY;
  const merch = purchases.productIds.map(isMerchandiseCode);

  // Rows that train: real products, positive quantities, before `until`.
  const keep: number[] = [];
  let trainedUntil = 0;
  for (let r = 0; r < purchases.customer.length; r++) {
    if (!merch[purchases.product[r]] || !(purchases.quantity[r] > 0) || !(purchases.time[r] < until)) continue;
    keep.push(r);
    trainedUntil = Math.max(trainedUntil, purchases.time[r]);
  }

  // Item vocabulary in order of first appearance.
  const itemOf = new Int32Array(purchases.productIds.length).fill(-1);
  const productIds: string[] = [];
  for (const r of keep) {
    const p = purchases.product[r];
    if (itemOf[p] < 0) itemOf[p] = productIds.push(purchases.productIds[p]) - 1;
  }
  const n = productIds.length;

  // A basket is one customer at one instant (one invoice in this data).
  const perCustomer = new Map<number, Map<number, { baskets: Set<number>; decayed: number; last: number }>>();
  const basketItems = new Map<string, number[]>();
  for (const r of keep) {
    const c = purchases.customer[r];
    const i = itemOf[purchases.product[r]];
    const t = purchases.time[r];
    let items = perCustomer.get(c);
    if (!items) perCustomer.set(c, (items = new Map()));
    let e = items.get(i);
    if (!e) items.set(i, (e = { baskets: new Set(), decayed: 0, last: 0 }));
    if (!e.baskets.has(t)) {
      e.baskets.add(t);
      e.decayed += decay(trainedUntil - t, opts.repeatHalfLifeDays);
    }
    e.last = Math.max(e.last, t);
    const key = `${c}|${t}`;
    const basket = basketItems.get(key);
    if (basket) {
      if (!basket.includes(i)) basket.push(i);
    } else basketItems.set(key, [i]);
  }

  const histories = buildHistories(perCustomer, purchases.customerIds);
  const customerCounts = new Float32Array(n);
  const trending = new Float32Array(n);
  const easeWeights = new Float32Array(histories.items.length);
  for (let a = 0; a < histories.items.length; a++) {
    const age = trainedUntil - histories.lastTime[a];
    customerCounts[histories.items[a]] += 1;
    trending[histories.items[a]] += decay(age, opts.popularityHalfLifeDays);
    easeWeights[a] = decay(age, opts.itemHalfLifeDays);
  }

  const itemItem = trainEase({ offsets: histories.offsets, items: histories.items, weights: easeWeights }, n, opts.lambda, opts.neighbours);
  return {
    version: 1,
    options: opts,
    trainedUntil,
    productIds,
    customerCounts,
    trending,
    itemItem,
    boughtTogether: coPurchases(basketItems.values(), n, opts.neighbours),
    histories,
    sales: dailySales(purchases, keep, itemOf),
    counts: { purchases: keep.length, customers: histories.customerIds.length, products: n, baskets: basketItems.size },
  };
}

function buildHistories(
  perCustomer: Map<number, Map<number, { baskets: Set<number>; decayed: number; last: number }>>,
  customerIds: string[],
): CustomerHistories {
  const total = [...perCustomer.values()].reduce((s, m) => s + m.size, 0);
  const h: CustomerHistories = {
    customerIds: [],
    offsets: new Int32Array(perCustomer.size + 1),
    items: new Int32Array(total),
    baskets: new Float32Array(total),
    decayed: new Float32Array(total),
    lastTime: new Float64Array(total),
  };
  let a = 0;
  for (const [c, items] of perCustomer) {
    h.customerIds.push(customerIds[c]);
    for (const [i, e] of items) {
      h.items[a] = i;
      h.baskets[a] = e.baskets.size;
      h.decayed[a] = e.decayed;
      h.lastTime[a] = e.last;
      a++;
    }
    h.offsets[h.customerIds.length] = a;
  }
  return h;
}

/** Items bought in the same basket, scored by co-occurrence / sqrt(count_i · count_j). */
function coPurchases(baskets: Iterable<number[]>, n: number, width: number): SparseNeighbours {
  // Dense counts: a Map of pairs was the slowest step of training (tens of millions of updates).
  const pair = new Float32Array(n * n);
  const single = new Float32Array(n);
  for (const items of baskets) {
    for (const i of items) single[i]++;
    if (items.length > 200) continue; // bulk orders say little about affinity and cost n²
    for (const i of items) for (const j of items) if (i !== j) pair[i * n + j]++;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const co = pair[i * n + j];
      // One shared basket is noise.
      pair[i * n + j] = co < 2 ? 0 : co / Math.sqrt(single[i] * single[j]);
    }
  }
  return topNeighbours(pair, n, width);
}

function dailySales(purchases: PurchaseColumns, keep: number[], itemOf: Int32Array): DailySales {
  const seen = new Set<string>();
  const cells = new Map<string, number>();
  for (const r of keep) {
    const item = itemOf[purchases.product[r]];
    const day = Math.floor(purchases.time[r] / DAY_MS);
    const cell = `${item}|${day}|${purchases.country[r]}`;
    const buyer = `${cell}|${purchases.customer[r]}`;
    if (seen.has(buyer)) continue;
    seen.add(buyer);
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
  }
  const sales: DailySales = {
    countries: purchases.countries,
    item: new Int32Array(cells.size),
    day: new Int32Array(cells.size),
    country: new Int32Array(cells.size),
    customers: new Float32Array(cells.size),
  };
  let k = 0;
  for (const [cell, count] of cells) {
    const [item, day, country] = cell.split('|').map(Number);
    sales.item[k] = item;
    sales.day[k] = day;
    sales.country[k] = country;
    sales.customers[k++] = count;
  }
  return sales;
}
