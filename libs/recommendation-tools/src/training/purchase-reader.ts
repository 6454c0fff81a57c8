import { purchaseBasketKey, type Database } from '@reco/data';
import type { PurchaseColumns } from '../model/purchase-columns';
import { ColumnsBuilder } from './columns-builder';
import { readInteractions } from './interaction-reader';

export interface ReadPurchasesOptions {
  /** Only purchases before this instant. */
  until?: Date;
  signal?: AbortSignal;
  /** Rows per query: each page runs synchronously in SQLite, so small pages keep the event loop free. */
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
  available: boolean | number | bigint;
}

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
  await readPurchaseEvents(db, builder, options);
  await readInteractions(db, builder, options);
  return builder.build();
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
 * customer at one instant, so every event of a basket (its session, else the customer's day)
 * takes the basket's first purchase time: read all, then add.
 */
async function readPurchaseEvents(db: Database, builder: ColumnsBuilder, options: ReadPurchasesOptions): Promise<void> {
  const pageSize = options.pageSize ?? 2_000;
  const pg = db.dialect.provider === 'postgresql';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const until = options.until ? ` AND e.occurred_at < ${p(2)}` : '';
  const sql = `SELECT e.id, e.customer_id, e.session_id, e.product_id, COALESCE(e.quantity, 1) AS quantity, e.occurred_at, c.country, p.available
    FROM events e
    JOIN products p ON p.id = e.product_id
    LEFT JOIN customers c ON c.id = e.customer_id
    WHERE e.id > ${p(1)} AND e.type = 'purchase' AND e.customer_id IS NOT NULL AND COALESCE(e.quantity, 1) > 0
      AND p.recommendable${until}
    ORDER BY e.id
    LIMIT ${pageSize}`;

  const events: { customerId: string; productId: string; quantity: number; basket: string; country?: string; available: boolean }[] = [];
  const basketTime = new Map<string, number>();
  let after = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const params: unknown[] = [after];
    if (options.until) params.push(options.until);
    const rows = await db.client.$queryRawUnsafe<PurchaseEventRow[]>(sql, ...params);
    for (const r of rows) {
      const time = timeOf(r.occurred_at);
      const basket = purchaseBasketKey({ customerId: r.customer_id, sessionId: r.session_id, occurredAt: new Date(time) });
      basketTime.set(basket, Math.min(basketTime.get(basket) ?? time, time));
      events.push({ customerId: r.customer_id, productId: r.product_id, quantity: Number(r.quantity), basket, country: r.country ?? undefined, available: Number(r.available) !== 0 });
    }
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1].id);
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const e of events) builder.add(e.customerId, e.productId, e.quantity, basketTime.get(e.basket) as number, e.country, e.available);
}

/** A time as the database driver returns it. */
export function timeOf(value: Date | string | number): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
}
