import type { DataClient } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import type { Purchase } from '../types/order';
import type { TimeWindow } from './order-repository';
import { purchaseBasketKey } from './purchase-basket';
import { EVENT_QUANTITY, Params, toDate } from './raw-sql';

/** Order lines bought by known customers, keyset-paged over the primary key. */
export async function* orderLinePurchases(client: DataClient, options: TimeWindow & { pageSize?: number }): AsyncIterable<Purchase> {
  const pageSize = options.pageSize ?? 10_000;
  // Keyset pagination over the primary key: constant memory, no OFFSET scans.
  let after: { invoiceNo: string; lineNo: number } | undefined;
  for (;;) {
    const page = await client.orderLine.findMany({
      where: {
        quantity: { gt: 0 },
        product: { recommendable: true },
        order: {
          cancelled: false,
          customerId: { not: null },
          ...(options.since || options.until ? { invoicedAt: { gte: options.since, lt: options.until } } : {}),
        },
        // The plain range bound lets the database seek on the primary key; the OR alone scans.
        ...(after
          ? {
              invoiceNo: { gte: after.invoiceNo },
              OR: [{ invoiceNo: { gt: after.invoiceNo } }, { lineNo: { gt: after.lineNo } }],
            }
          : {}),
      },
      select: {
        invoiceNo: true,
        lineNo: true,
        productId: true,
        quantity: true,
        order: { select: { customerId: true, invoicedAt: true } },
      },
      orderBy: [{ invoiceNo: 'asc' }, { lineNo: 'asc' }],
      take: pageSize,
    });
    for (const line of page) {
      yield {
        customerId: line.order.customerId as string,
        productId: line.productId,
        quantity: line.quantity,
        basketKey: line.invoiceNo,
        purchasedAt: line.order.invoicedAt,
      };
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = { invoiceNo: last.invoiceNo, lineNo: last.lineNo };
  }
}

/** Purchase events of known customers, in the order they were stored. */
export async function* eventPurchases(client: DataClient, dialect: SqlDialect, options: TimeWindow & { pageSize?: number }): AsyncIterable<Purchase> {
  const pageSize = options.pageSize ?? 10_000;
  let afterId = 0;
  for (;;) {
    const p = new Params(dialect);
    const after = p.add(afterId);
    const window = p.window('e.occurred_at', options);
    const limit = p.add(pageSize);
    const page = await client.$queryRawUnsafe<
      { id: number | bigint; customer_id: string; session_id: string | null; product_id: string; quantity: unknown; occurred_at: unknown }[]
    >(
      `SELECT e.id, e.customer_id, e.session_id, e.product_id, ${EVENT_QUANTITY} AS quantity, e.occurred_at
       FROM events e JOIN products p ON p.id = e.product_id
       WHERE e.id > ${after} AND e.type = 'purchase' AND e.customer_id IS NOT NULL AND ${EVENT_QUANTITY} > 0 AND p.recommendable${window}
       ORDER BY e.id
       LIMIT ${limit}`,
      ...p.values,
    );
    for (const e of page) {
      const purchasedAt = toDate(e.occurred_at) as Date;
      yield {
        customerId: e.customer_id,
        productId: e.product_id,
        quantity: Number(e.quantity),
        basketKey: purchaseBasketKey({ customerId: e.customer_id, sessionId: e.session_id, occurredAt: purchasedAt }),
        purchasedAt,
      };
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    afterId = Number(last.id);
  }
}
