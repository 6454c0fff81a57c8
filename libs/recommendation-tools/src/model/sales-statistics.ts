// Basket and sales statistics of the trained purchases: bought-together and daily sales.
import { DAY_MS } from './interaction';
import type { PurchaseColumns } from './purchase-columns';
import type { DailySales } from './recommender-state';
import { topNeighbours, type SparseNeighbours } from './sparse-neighbours';

/** Items bought in the same basket, scored by co-occurrence / sqrt(count_i · count_j). */
export function coPurchases(baskets: Iterable<number[]>, n: number, width: number): SparseNeighbours {
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

export function dailySales(purchases: PurchaseColumns, keep: number[], itemOf: Int32Array): DailySales {
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
