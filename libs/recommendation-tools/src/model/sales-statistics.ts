// Basket and sales statistics of the trained purchases: bought-together and daily sales.
import { DAY_MS } from './interaction';
import type { PurchaseColumns } from './purchase-columns';
import type { DailySales } from './recommender-state';
import { gramDiagonal } from './gram-rows';
import { sparseNeighbours } from './item-neighbours';
import type { SparseNeighbours } from './sparse-neighbours';

// Bulk orders say little about affinity and cost their length squared.
const MAX_BASKET_ITEMS = 200;

/**
 * Items bought in the same basket, scored by co-occurrence / sqrt(count_i · count_j), from the
 * sparse co-occurrence (memory O(baskets' items + n), never n × n); pairs in one shared basket
 * only are noise and dropped.
 */
export function coPurchases(baskets: Iterable<number[]>, n: number, width: number): SparseNeighbours {
  const offsets: number[] = [0];
  let total = 0;
  const lists: number[][] = [];
  for (const items of baskets) {
    lists.push(items);
    total += items.length;
    offsets.push(total);
  }
  const rows = { offsets: Int32Array.from(offsets), items: new Int32Array(total), weights: new Float32Array(total).fill(1) };
  let a = 0;
  for (const items of lists) for (const i of items) rows.items[a++] = i;
  const diagonal = gramDiagonal(rows, n);
  return sparseNeighbours(rows, n, width, MAX_BASKET_ITEMS, (i, j, shared) => shared / Math.sqrt(diagonal[i] * diagonal[j]));
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
