import type { DataClient } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import type { CoPurchase, CustomerAggregate, Order, ProductCount, Purchase } from '../types/order';
import type { OrderRepository, PopularityQuery, TimeWindow } from './order-repository';
import { basketKeySql } from './purchase-basket';
import { eventPurchases, orderLinePurchases } from './purchase-stream';
import { EVENT_QUANTITY, Params, toDate } from './raw-sql';

const ORDER_SELECT = {
  invoiceNo: true,
  customerId: true,
  country: true,
  invoicedAt: true,
  cancelled: true,
  lines: {
    select: { lineNo: true, productId: true, description: true, quantity: true, unitPrice: true },
    orderBy: { lineNo: 'asc' },
  },
} as const;

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
    const p = new Params(this.dialect);
    const orderCountry = query.country !== undefined ? ` AND o.country = ${p.add(query.country)}` : '';
    const orderWindow = p.window('o.invoiced_at', query);
    const eventCountry = query.country !== undefined ? ` AND c.country = ${p.add(query.country)}` : '';
    const eventWindow = p.window('e.occurred_at', query);
    const limit = p.add(query.limit ?? 20);
    const rows = await this.client.$queryRawUnsafe<{ product_id: string; quantity: unknown; orders: unknown }[]>(
      `SELECT x.product_id, SUM(x.quantity) AS quantity, COUNT(DISTINCT x.basket) AS orders
       FROM (
         SELECT l.product_id, l.quantity, l.invoice_no AS basket
         FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no
         WHERE l.quantity > 0 AND NOT o.cancelled${orderCountry}${orderWindow}
         UNION ALL
         SELECT e.product_id, ${EVENT_QUANTITY} AS quantity, ${basketKeySql(this.dialect, 'e')} AS basket
         FROM events e${eventCountry ? ' JOIN customers c ON c.id = e.customer_id' : ''}
         WHERE e.type = 'purchase' AND ${EVENT_QUANTITY} > 0${eventCountry}${eventWindow}
       ) x
       JOIN products p ON p.id = x.product_id
       WHERE p.recommendable
       GROUP BY x.product_id
       ORDER BY orders DESC, quantity DESC, x.product_id
       LIMIT ${limit}`,
      ...p.values,
    );
    return rows.map((r) => ({ productId: r.product_id, quantity: Number(r.quantity), orders: Number(r.orders) }));
  }

  async coPurchases(productId: string, options: TimeWindow & { limit?: number } = {}): Promise<CoPurchase[]> {
    const p = new Params(this.dialect);
    const orderProduct = p.add(productId);
    const orderWindow = p.window('o.invoiced_at', options);
    const sessionProduct = p.add(productId);
    const sessionWindow = p.window('e.occurred_at', options);
    const dayProduct = p.add(productId);
    const dayWindow = p.window('e.occurred_at', options);
    const limit = p.add(options.limit ?? 20);
    const bought = (alias: string) => `${alias}.type = 'purchase' AND COALESCE(${alias}.quantity, 1) > 0`;
    // Baskets: invoices, sessions, and a customer's day of purchases without a session.
    const rows = await this.client.$queryRawUnsafe<{ product_id: string; orders: unknown }[]>(
      `SELECT x.product_id, COUNT(*) AS orders
       FROM (
         SELECT DISTINCT other.product_id, other.invoice_no AS basket
         FROM order_lines l
         JOIN orders o ON o.invoice_no = l.invoice_no
         JOIN order_lines other ON other.invoice_no = l.invoice_no AND other.product_id <> l.product_id
         WHERE l.product_id = ${orderProduct} AND l.quantity > 0 AND other.quantity > 0 AND NOT o.cancelled${orderWindow}
         UNION ALL
         SELECT DISTINCT other.product_id, 'session:' || other.session_id AS basket
         FROM events e
         JOIN events other ON other.session_id = e.session_id AND other.product_id <> e.product_id
         WHERE e.product_id = ${sessionProduct} AND e.session_id IS NOT NULL AND ${bought('e')} AND ${bought('other')}${sessionWindow}
         UNION ALL
         SELECT DISTINCT other.product_id, 'day:' || other.customer_id || ':' || ${this.dialect.day('other.occurred_at')} AS basket
         FROM events e
         JOIN events other ON other.customer_id = e.customer_id AND other.session_id IS NULL AND other.product_id <> e.product_id
           AND ${this.dialect.day('other.occurred_at')} = ${this.dialect.day('e.occurred_at')}
         WHERE e.product_id = ${dayProduct} AND e.session_id IS NULL AND ${bought('e')} AND ${bought('other')}${dayWindow}
       ) x
       JOIN products p ON p.id = x.product_id
       WHERE p.recommendable
       GROUP BY x.product_id
       ORDER BY orders DESC, x.product_id
       LIMIT ${limit}`,
      ...p.values,
    );
    return rows.map((r) => ({ productId: r.product_id, orders: Number(r.orders) }));
  }

  async *streamPurchases(options: TimeWindow & { pageSize?: number } = {}): AsyncIterable<Purchase> {
    yield* orderLinePurchases(this.client, options);
    yield* eventPurchases(this.client, this.dialect, options);
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
    const p = new Params(this.dialect);
    const orderWindow = p.window('o.invoiced_at', window);
    const eventWindow = p.window('e.occurred_at', window);
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
      `SELECT x.customer_id,
              COUNT(DISTINCT CASE WHEN x.bought = 1 THEN x.basket END) AS orders,
              MIN(CASE WHEN x.bought = 1 THEN x.at END) AS first_purchase_at,
              MAX(CASE WHEN x.bought = 1 THEN x.at END) AS last_purchase_at,
              MAX(x.at) AS last_order_at,
              SUM(CASE WHEN x.bought = 1 THEN ROUND(x.quantity * x.unit_price * 100) ELSE 0 END) AS purchase_pence,
              SUM(CASE WHEN x.quantity < 0 THEN ROUND(-x.quantity * x.unit_price * 100) ELSE 0 END) AS return_pence,
              SUM(CASE WHEN x.quantity < 0 THEN 1 ELSE 0 END) AS return_lines,
              SUM(CASE WHEN x.bought = 1 THEN x.quantity ELSE 0 END) AS units,
              COUNT(DISTINCT CASE WHEN x.bought = 1 THEN x.product_id END) AS distinct_products
       FROM (
         SELECT o.customer_id, o.invoice_no AS basket, o.invoiced_at AS at,
                CASE WHEN NOT o.cancelled AND l.quantity > 0 THEN 1 ELSE 0 END AS bought,
                l.quantity, l.unit_price, l.product_id
         FROM orders o JOIN order_lines l ON l.invoice_no = o.invoice_no
         WHERE o.customer_id IS NOT NULL${orderWindow}
         UNION ALL
         SELECT e.customer_id, ${basketKeySql(this.dialect, 'e')}, e.occurred_at,
                CASE WHEN e.type = 'purchase' AND ${EVENT_QUANTITY} > 0 THEN 1 ELSE 0 END,
                CASE WHEN e.type = 'return' THEN -ABS(${EVENT_QUANTITY}) ELSE ${EVENT_QUANTITY} END,
                COALESCE(e.price, p.price, 0), e.product_id
         FROM events e LEFT JOIN products p ON p.id = e.product_id
         WHERE e.customer_id IS NOT NULL AND e.type IN ('purchase', 'return')${eventWindow}
       ) x
       GROUP BY x.customer_id
       ORDER BY x.customer_id`,
      ...p.values,
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

  async latestPurchaseAt(): Promise<Date | null> {
    const [order, event] = await Promise.all([
      this.client.order.aggregate({ _max: { invoicedAt: true } }),
      this.client.event.aggregate({ where: { type: { in: ['purchase', 'return'] } }, _max: { occurredAt: true } }),
    ]);
    const times = [order._max.invoicedAt, event._max.occurredAt].filter((t): t is Date => t instanceof Date);
    return times.length === 0 ? null : new Date(Math.max(...times.map((t) => t.getTime())));
  }
}
