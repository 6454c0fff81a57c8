import type { Database } from '@reco/data';
import type { PurchaseColumns } from '../model/purchase-columns';
import { ColumnsBuilder } from './columns-builder';
import { readInteractions } from './interaction-reader';
import { PurchaseBaskets } from './purchase-baskets';

export interface ReadPurchasesOptions {
  /** Only purchases before this instant. */
  until?: Date;
  signal?: AbortSignal;
  /**
   * Rows per query (default 2,000): each page runs synchronously in SQLite, so small pages keep
   * the event loop free. Larger pages save no time: 3M events took 8-10 CPU seconds with pages
   * of 2,000 to 20,000, while the longest stall grew with the page.
   */
  pageSize?: number;
}

interface PurchaseRow {
  invoice_no: string;
  line_no: number | bigint;
  customer_id: string;
  product_id: string;
  quantity: number | bigint;
  invoiced_at: Date | string | number;
  country: string | null;
  available: boolean | number | bigint;
}

interface PurchaseEventRow {
  id: number | bigint;
  customer_id: string;
  session_id: string | null;
  product_id: string;
  quantity: number | bigint;
  occurred_at: Date | string | number;
  country: string | null;
}

/** Recommendable products by id: whether the catalogue offers each now. */
export type RecommendableProducts = ReadonlyMap<string, boolean>;

/**
 * Every purchase of a recommendable product by a known customer (the rows
 * `orders.streamPurchases` yields, plus the country), straight into columns: order lines first,
 * then purchase events; then the views, carts and clicks of known customers (`interactions`).
 * Products out of stock train too; `available` says which. Measured on the full training file: streamPurchases took 85 s and starved
 * the event loop (its keyset OR defeats the index); this row-value keyset query takes ~2 s in
 * pages of a few ms, yielding between pages.
 */
export async function readPurchaseColumns(db: Database, options: ReadPurchasesOptions = {}): Promise<PurchaseColumns> {
  const builder = new ColumnsBuilder();
  await readOrderLines(db, builder, options);
  const products = await readRecommendableProducts(db, options);
  await readPurchaseEvents(db, builder, products, options);
  await readInteractions(db, builder, products, options);
  return builder.build();
}

/**
 * Read once, so the events (millions of rows) need no join: a map lookup per event instead of
 * two B-tree searches took 40% off the CPU time of reading 1.8M views from SQLite.
 */
async function readRecommendableProducts(db: Database, options: ReadPurchasesOptions): Promise<Map<string, boolean>> {
  const pageSize = options.pageSize ?? 2_000;
  const sql = `SELECT id, available FROM products WHERE id > ${db.dialect.provider === 'postgresql' ? '$1' : '?'} AND recommendable ORDER BY id LIMIT ${pageSize}`;
  const out = new Map<string, boolean>();
  let after = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await db.client.$queryRawUnsafe<{ id: string; available: boolean | number | bigint }[]>(sql, after);
    for (const r of rows) out.set(r.id, Number(r.available) !== 0);
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1].id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

async function readOrderLines(db: Database, builder: ColumnsBuilder, options: ReadPurchasesOptions): Promise<void> {
  const pageSize = options.pageSize ?? 2_000;
  const pg = db.dialect.provider === 'postgresql';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const until = options.until ? ` AND o.invoiced_at < ${p(3)}` : '';
  const sql = `SELECT l.invoice_no, l.line_no, o.customer_id, l.product_id, l.quantity, o.invoiced_at, o.country, p.available
    FROM order_lines l
    JOIN orders o ON o.invoice_no = l.invoice_no
    JOIN products p ON p.id = l.product_id
    WHERE (l.invoice_no, l.line_no) > (${p(1)}, ${p(2)}) AND l.quantity > 0 AND p.recommendable
      AND NOT o.cancelled AND o.customer_id IS NOT NULL${until}
    ORDER BY l.invoice_no, l.line_no
    LIMIT ${pageSize}`;

  let after: [string, number] = ['', -1];
  for (;;) {
    options.signal?.throwIfAborted();
    const params: unknown[] = [...after];
    if (options.until) params.push(options.until);
    const rows = await db.client.$queryRawUnsafe<PurchaseRow[]>(sql, ...params);
    for (const r of rows) builder.add(r.customer_id, r.product_id, Number(r.quantity), timeOf(r.invoiced_at), r.country ?? undefined, Number(r.available) !== 0);
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1];
    after = [last.invoice_no, Number(last.line_no)];
    await new Promise((resolve) => setImmediate(resolve)); // let timers and sockets run between pages
  }
}

/**
 * Purchase events of known customers (a missing quantity is 1). The model's basket is one
 * customer at one instant, so every event of a basket (its session, else the customer's UTC day,
 * as purchaseBasketKey says) takes the basket's first purchase time. Rows go into the builder as
 * they come and their times are set once all are read: a map entry per basket and a number per
 * event, never an object per event (a large shop has tens of millions).
 */
async function readPurchaseEvents(db: Database, builder: ColumnsBuilder, products: RecommendableProducts, options: ReadPurchasesOptions): Promise<void> {
  const pageSize = options.pageSize ?? 2_000;
  const pg = db.dialect.provider === 'postgresql';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const until = options.until ? ` AND e.occurred_at < ${p(2)}` : '';
  const sql = `SELECT e.id, e.customer_id, e.session_id, e.product_id, COALESCE(e.quantity, 1) AS quantity, e.occurred_at, c.country
    FROM events e${pg ? '' : EVENTS_IN_ID_ORDER}
    LEFT JOIN customers c ON c.id = e.customer_id
    WHERE e.id > ${p(1)} AND e.type = 'purchase' AND e.customer_id IS NOT NULL AND COALESCE(e.quantity, 1) > 0${until}
    ORDER BY e.id
    LIMIT ${pageSize}`;

  const firstRow = builder.size;
  const baskets = new PurchaseBaskets();
  let after = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const params: unknown[] = [after];
    if (options.until) params.push(options.until);
    const rows = await db.client.$queryRawUnsafe<PurchaseEventRow[]>(sql, ...params);
    for (const r of rows) {
      const available = products.get(r.product_id);
      if (available === undefined) continue; // not in the catalogue, or not recommendable
      const time = timeOf(r.occurred_at);
      builder.add(r.customer_id, r.product_id, Number(r.quantity), time, r.country ?? undefined, available);
      baskets.add(builder.customerIndex(r.customer_id), r.session_id, time);
    }
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1].id);
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (let i = 0; i < baskets.size; i++) builder.setTime(firstRow + i, baskets.firstTimeOf(i));
}

/**
 * SQLite, without statistics, reads the events of one type through the (type, occurred_at) index
 * and sorts all that remain for every page: pages cost ever more, the whole read grows with the
 * square of the events (3M events, pages of 20,000: 181 CPU seconds before, 10 now). Walking the
 * primary key from the last id reads each event once. PostgreSQL weighs the filter and walks the
 * primary key by itself.
 */
export const EVENTS_IN_ID_ORDER = ' NOT INDEXED';

/** A time as the database driver returns it. */
export function timeOf(value: Date | string | number): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
}
