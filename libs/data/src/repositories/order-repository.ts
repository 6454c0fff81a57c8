import type { CoPurchase, CustomerAggregate, Order, ProductCount, Purchase } from '../types/order';

export interface TimeWindow {
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
}

export interface PopularityQuery extends TimeWindow {
  /** Only orders from this country. */
  country?: string;
  limit?: number;
}

export interface OrderRepository {
  /** Orders with their lines, for several invoices in one query. */
  findByInvoiceNos(invoiceNos: readonly string[]): Promise<Order[]>;
  /** A customer's orders with their lines, newest first (cancellations included). */
  historyForCustomer(customerId: string, options?: { limit?: number; since?: Date; until?: Date }): Promise<Order[]>;
  /**
   * Best-selling recommendable products in a window: units sold and baskets, from order lines
   * (guests included, cancellations and returns left out) and purchase events (anonymous
   * sessions included; the country is the customer's).
   */
  popularProducts(query?: PopularityQuery): Promise<ProductCount[]>;
  /** Recommendable products bought in the same baskets as `productId`, most shared baskets first. */
  coPurchases(productId: string, options?: TimeWindow & { limit?: number }): Promise<CoPurchase[]>;
  /**
   * Every purchase of a recommendable product by a known customer: order lines (positive
   * quantity, not cancelled) in invoice order, then purchase events in the order they were
   * stored; fetched page by page.
   */
  streamPurchases(options?: TimeWindow & { pageSize?: number }): AsyncIterable<Purchase>;
  count(): Promise<{ orders: number; lines: number; returns: number; guestOrders: number }>;
  /**
   * Purchase totals of every customer with orders or purchase/return events in the window, by
   * customer id, in one GROUP BY query.
   */
  customerAggregates(window?: TimeWindow): Promise<CustomerAggregate[]>;
  /**
   * The latest time of any order (guests and cancellations included) or purchase/return event;
   * null when there is none.
   */
  latestPurchaseAt(): Promise<Date | null>;
}
