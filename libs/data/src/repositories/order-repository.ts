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
   * Best-selling merchandise in a window: units sold and orders, guests included, cancellations
   * and returns left out.
   */
  popularProducts(query?: PopularityQuery): Promise<ProductCount[]>;
  /** Merchandise bought in the same orders as `productCode`, most shared orders first. */
  coPurchases(productCode: string, options?: TimeWindow & { limit?: number }): Promise<CoPurchase[]>;
  /**
   * Every purchase of merchandise by a known customer (positive quantity, not cancelled), in
   * invoice order, fetched page by page for training.
   */
  streamPurchases(options?: TimeWindow & { pageSize?: number }): AsyncIterable<Purchase>;
  count(): Promise<{ orders: number; lines: number; returns: number; guestOrders: number }>;
  /** Order totals of every customer with orders in the window, by customer id, in one GROUP BY query. */
  customerAggregates(window?: TimeWindow): Promise<CustomerAggregate[]>;
  /** The latest invoice time of any order (guests and cancellations included); null when empty. */
  latestInvoiceAt(): Promise<Date | null>;
}
