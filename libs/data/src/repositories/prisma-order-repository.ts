import type { DataClient } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import type { CoPurchase, CustomerAggregate, Order, ProductCount, Purchase } from '../types/order';
import type { OrderRepository, PopularityQuery, TimeWindow } from './order-repository';

const ORDER_SELECT = {
  invoiceNo: true,
  customerId: true,
  country: true,
  invoicedAt: true,
  cancelled: true,
  lines: {
    select: { lineNo: true, productCode: true, description: true, quantity: true, unitPrice: true },
    orderBy: { lineNo: 'asc' },
  },
} as const;

/** Builds `AND o.invoiced_at >= ? ...` clauses with their parameters. */
function windowSql(dialect: SqlDialect, window: TimeWindow, params: unknown[]): string {
  let sql = '';
  if (window.since) {
    params.push(window.since);
    sql += ` AND o.invoiced_at >= ${dialect.list(1, params.length - 1)}`;
  }
  if (window.until) {
    params.push(window.until);
    sql += ` AND o.invoiced_at < ${dialect.list(1, params.length - 1)}`;
  }
  return sql;
}

/** SQLite hands raw DateTime columns back as text, PostgreSQL as Date. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

function param(dialect: SqlDialect, params: unknown[], value: unknown): string {
  params.push(value);
  return dialect.list(1, params.length - 1);
}

export class PrismaOrderRepository implements OrderRepository {
  constructor(
    private readonly client: DataClient,
    private readonly dialect: SqlDialect,
  ) {}

  async findByInvoiceNos(invoiceNos: readonly string[]): Promise<Order[]> {
    if (invoiceNos.length === 0) return [];
    return this.client.order.findMany({
      where: { invoiceNo: { in: [...new Set(invoiceNos)] } },
      select: ORDER_SELECT,
      orderBy: { invoiceNo: 'asc' },
    });
  }

  async historyForCustomer(customerId: string, options: { limit?: number; since?: Date; until?: Date } = {}): Promise<Order[]> {
    return this.client.order.findMany({
      where: {
        customerId,
        ...(options.since || options.until ? { invoicedAt: { gte: options.since, lt: options.until } } : {}),
      },
      select: ORDER_SELECT,
      orderBy: [{ invoicedAt: 'desc' }, { invoiceNo: 'desc' }],
      take: options.limit ?? 100,
    });
  }

  async popularProducts(query: PopularityQuery = {}): Promise<ProductCount[]> {
    const params: unknown[] = [];
    const country = query.country !== undefined ? ` AND o.country = ${param(this.dialect, params, query.country)}` : '';
    const window = windowSql(this.dialect, query, params);
    const limit = param(this.dialect, params, query.limit ?? 20);
    const rows = await this.client.$queryRawUnsafe<{ product_code: string; quantity: unknown; orders: unknown }[]>(
      `SELECT l.product_code, SUM(l.quantity) AS quantity, COUNT(DISTINCT l.invoice_no) AS orders
       FROM order_lines l
       JOIN orders o ON o.invoice_no = l.invoice_no
       JOIN products p ON p.stock_code = l.product_code
       WHERE p.is_merchandise AND l.quantity > 0 AND NOT o.cancelled${country}${window}
       GROUP BY l.product_code
       ORDER BY orders DESC, quantity DESC, l.product_code
       LIMIT ${limit}`,
      ...params,
    );
    return rows.map((r) => ({ productCode: r.product_code, quantity: Number(r.quantity), orders: Number(r.orders) }));
  }

  async coPurchases(productCode: string, options: TimeWindow & { limit?: number } = {}): Promise<CoPurchase[]> {
    const params: unknown[] = [];
    const code = param(this.dialect, params, productCode);
    const window = windowSql(this.dialect, options, params);
    const limit = param(this.dialect, params, options.limit ?? 20);
    const rows = await this.client.$queryRawUnsafe<{ product_code: string; orders: unknown }[]>(
      `SELECT other.product_code, COUNT(DISTINCT other.invoice_no) AS orders
       FROM order_lines l
       JOIN orders o ON o.invoice_no = l.invoice_no
       JOIN order_lines other ON other.invoice_no = l.invoice_no AND other.product_code <> l.product_code
       JOIN products p ON p.stock_code = other.product_code
       WHERE l.product_code = ${code} AND l.quantity > 0 AND other.quantity > 0 AND NOT o.cancelled
         AND p.is_merchandise${window}
       GROUP BY other.product_code
       ORDER BY orders DESC, other.product_code
       LIMIT ${limit}`,
      ...params,
    );
    return rows.map((r) => ({ productCode: r.product_code, orders: Number(r.orders) }));
  }

  async *streamPurchases(options: TimeWindow & { pageSize?: number } = {}): AsyncIterable<Purchase> {
    const pageSize = options.pageSize ?? 10_000;
    // Keyset pagination over the primary key: constant memory, no OFFSET scans.
    let after: { invoiceNo: string; lineNo: number } | undefined;
    for (;;) {
      const page = await this.client.orderLine.findMany({
        where: {
          quantity: { gt: 0 },
          product: { isMerchandise: true },
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
          productCode: true,
          quantity: true,
          order: { select: { customerId: true, invoicedAt: true } },
        },
        orderBy: [{ invoiceNo: 'asc' }, { lineNo: 'asc' }],
        take: pageSize,
      });
      for (const line of page) {
        yield {
          customerId: line.order.customerId as string,
          productCode: line.productCode,
          quantity: line.quantity,
          invoiceNo: line.invoiceNo,
          invoicedAt: line.order.invoicedAt,
        };
      }
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = { invoiceNo: last.invoiceNo, lineNo: last.lineNo };
    }
  }

  async count(): Promise<{ orders: number; lines: number; returns: number; guestOrders: number }> {
    const [orders, lines, returns, guestOrders] = await Promise.all([
      this.client.order.count(),
      this.client.orderLine.count(),
      this.client.orderLine.count({ where: { quantity: { lt: 0 } } }),
      this.client.order.count({ where: { customerId: null } }),
    ]);
    return { orders, lines, returns, guestOrders };
  }

  async customerAggregates(window: TimeWindow = {}): Promise<CustomerAggregate[]> {
    const params: unknown[] = [];
    const windowClause = windowSql(this.dialect, window, params);
    const bought = 'NOT o.cancelled AND l.quantity > 0';
    const rows = await this.client.$queryRawUnsafe<
      {
        customer_id: string;
        orders: unknown;
        first_purchase_at: unknown;
        last_purchase_at: unknown;
        last_order_at: unknown;
        purchase_pence: unknown;
        return_pence: unknown;
        return_lines: unknown;
        units: unknown;
        distinct_products: unknown;
      }[]
    >(
      `SELECT o.customer_id,
              COUNT(DISTINCT CASE WHEN ${bought} THEN o.invoice_no END) AS orders,
              MIN(CASE WHEN ${bought} THEN o.invoiced_at END) AS first_purchase_at,
              MAX(CASE WHEN ${bought} THEN o.invoiced_at END) AS last_purchase_at,
              MAX(o.invoiced_at) AS last_order_at,
              SUM(CASE WHEN ${bought} THEN ROUND(l.quantity * l.unit_price * 100) ELSE 0 END) AS purchase_pence,
              SUM(CASE WHEN l.quantity < 0 THEN ROUND(-l.quantity * l.unit_price * 100) ELSE 0 END) AS return_pence,
              SUM(CASE WHEN l.quantity < 0 THEN 1 ELSE 0 END) AS return_lines,
              SUM(CASE WHEN ${bought} THEN l.quantity ELSE 0 END) AS units,
              COUNT(DISTINCT CASE WHEN ${bought} THEN l.product_code END) AS distinct_products
       FROM orders o
       JOIN order_lines l ON l.invoice_no = o.invoice_no
       WHERE o.customer_id IS NOT NULL${windowClause}
       GROUP BY o.customer_id
       ORDER BY o.customer_id`,
      ...params,
    );
    // Money is summed in whole pence: both databases then give the same figures, and SQLite's
    // driver adapter, which guesses an expression's type from its first row, cannot truncate it.
    const money = (pence: unknown) => Number(pence ?? 0) / 100;
    return rows.map((r) => ({
      customerId: r.customer_id,
      orders: Number(r.orders),
      firstPurchaseAt: toDate(r.first_purchase_at),
      lastPurchaseAt: toDate(r.last_purchase_at),
      lastOrderAt: toDate(r.last_order_at) as Date,
      purchaseValue: money(r.purchase_pence),
      returnValue: money(r.return_pence),
      returnLines: Number(r.return_lines ?? 0),
      units: Number(r.units ?? 0),
      distinctProducts: Number(r.distinct_products),
    }));
  }

  async latestInvoiceAt(): Promise<Date | null> {
    const latest = await this.client.order.aggregate({ _max: { invoicedAt: true } });
    return latest._max.invoicedAt ?? null;
  }
}
