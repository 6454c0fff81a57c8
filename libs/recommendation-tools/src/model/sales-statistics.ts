// Basket and sales statistics of the trained purchases: bought-together and daily sales.
import { DAY_MS } from './interaction';
import type { PurchaseColumns } from './purchase-columns';
import type { DailySales } from './recommender-state';
import type { CustomerItemRows } from './ease-item-model';
import { gramDiagonal } from './gram-rows';
import { sparseNeighbours } from './item-neighbours';
import type { SparseNeighbours } from './sparse-neighbours';

// Bulk orders say little about affinity and cost their length squared.
const MAX_BASKET_ITEMS = 200;

/**
 * Items bought in the same basket (rows: baskets' distinct items, weight 1), scored by co-occurrence / sqrt(count_i · count_j), from the
 * sparse co-occurrence (memory O(baskets' items + n), never n × n); pairs in one shared basket
 * only are noise and dropped.
 */
export function coPurchases(rows: CustomerItemRows, n: number, width: number): SparseNeighbours {
  const diagonal = gramDiagonal(rows, n);
  return sparseNeighbours(rows, n, width, MAX_BASKET_ITEMS, (i, j, shared) => shared / Math.sqrt(diagonal[i] * diagonal[j]));
}

/**
 * Distinct buyers per item, day and country. Rows sorted by (item, day, country, customer) in
 * typed arrays, then counted in one pass: no key object per purchase.
 */
export function dailySales(purchases: PurchaseColumns, keep: readonly number[], itemOf: Int32Array): DailySales {
  const m = keep.length;
  const item = new Int32Array(m);
  const day = new Int32Array(m);
  const country = new Int32Array(m);
  const customer = new Int32Array(m);
  keep.forEach((r, x) => {
    item[x] = itemOf[purchases.product[r]];
    day[x] = Math.floor(purchases.time[r] / DAY_MS);
    country[x] = purchases.country[r];
    customer[x] = purchases.customer[r];
  });
  const order = Uint32Array.from({ length: m }, (_, x) => x).sort(
    (a, b) => item[a] - item[b] || day[a] - day[b] || country[a] - country[b] || customer[a] - customer[b],
  );
  const sameCell = (a: number, b: number) => item[a] === item[b] && day[a] === day[b] && country[a] === country[b];
  let cells = 0;
  for (let x = 0; x < m; x++) if (x === 0 || !sameCell(order[x], order[x - 1])) cells++;
  const sales: DailySales = {
    countries: purchases.countries,
    item: new Int32Array(cells),
    day: new Int32Array(cells),
    country: new Int32Array(cells),
    customers: new Float32Array(cells),
  };
  let k = -1;
  for (let x = 0; x < m; x++) {
    const r = order[x];
    if (x === 0 || !sameCell(r, order[x - 1])) {
      k++;
      sales.item[k] = item[r];
      sales.day[k] = day[r];
      sales.country[k] = country[r];
    }
    if (x === 0 || !sameCell(r, order[x - 1]) || customer[r] !== customer[order[x - 1]]) sales.customers[k]++;
  }
  return sales;
}
