import type { Database } from '@reco/data';
import type { ColumnsBuilder } from './columns-builder';
import { EVENTS_IN_ID_ORDER, timeOf, type ReadPurchasesOptions, type RecommendableProducts } from './purchase-reader';

interface InteractionRow {
  id: number | bigint;
  customer_id: string;
  product_id: string;
  type: string;
  occurred_at: Date | string | number;
}

/**
 * Views, carts and clicks (read as views) of known customers on recommendable products, into
 * the builder's interactions: a keyset over the events' id, page by page, yielding between pages
 * (a shop may send millions of views). A session that signed in carries its customer already.
 */
export async function readInteractions(db: Database, builder: ColumnsBuilder, products: RecommendableProducts, options: ReadPurchasesOptions): Promise<void> {
  const pageSize = options.pageSize ?? 2_000;
  const pg = db.dialect.provider === 'postgresql';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const until = options.until ? ` AND e.occurred_at < ${p(2)}` : '';
  const sql = `SELECT e.id, e.customer_id, e.product_id, e.type, e.occurred_at
    FROM events e${pg ? '' : EVENTS_IN_ID_ORDER}
    WHERE e.id > ${p(1)} AND e.type IN ('view', 'cart', 'click') AND e.customer_id IS NOT NULL${until}
    ORDER BY e.id
    LIMIT ${pageSize}`;

  let after = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const params: unknown[] = [after];
    if (options.until) params.push(options.until);
    const rows = await db.client.$queryRawUnsafe<InteractionRow[]>(sql, ...params);
    for (const r of rows) {
      const available = products.get(r.product_id);
      if (available === undefined) continue; // not in the catalogue, or not recommendable
      builder.addInteraction(r.customer_id, r.product_id, r.type === 'cart' ? 'cart' : 'view', timeOf(r.occurred_at), available);
    }
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1].id);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
