import { purchaseBasketKey, type FeedbackEvent, type Order, type Product } from '@reco/data';

/** An order as a customer's history shows it: an invoice, or purchase events of one basket. */
export type CustomerOrder = Omit<Order, 'country'> & {
  /** The invoice's country; for events, the customer's (null when unknown). */
  country: string | null;
};

/** Prefix of the order holding a basket's return events (a cancellation, like a `C` invoice). */
export const RETURN_ORDER_PREFIX = 'return:';

/**
 * A customer's purchase and return events as orders, so a shop that sends only events has an
 * order history. Purchases of one basket (`purchaseBasketKey`: the session, else the customer's
 * UTC day) are one order, its id the basket key (`session:<sessionId>`,
 * `day:<customerId>:<YYYY-MM-DD>`); that basket's returns are one cancelled order
 * `return:<basket key>` with negative quantities. An order's time is its latest event's. A line
 * per event: quantity 1 when the event names none, the price paid, else the product's current
 * price (as the RFM aggregates count them); described by the product's title, or its id when
 * the catalogue does not hold it.
 */
export function eventOrders(events: readonly FeedbackEvent[], products: ReadonlyMap<string, Pick<Product, 'title' | 'price'>>, country: string | null): CustomerOrder[] {
  const orders = new Map<string, CustomerOrder>();
  const chronological = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id);
  for (const event of chronological) {
    if (event.type !== 'purchase' && event.type !== 'return') continue;
    const basket = purchaseBasketKey(event);
    const invoiceNo = event.type === 'return' ? `${RETURN_ORDER_PREFIX}${basket}` : basket;
    let order = orders.get(invoiceNo);
    if (!order) {
      order = { invoiceNo, customerId: event.customerId, country, invoicedAt: event.occurredAt, cancelled: event.type === 'return', lines: [] };
      orders.set(invoiceNo, order);
    }
    const product = products.get(event.productId);
    const quantity = event.quantity ?? 1;
    order.lines.push({
      lineNo: order.lines.length + 1,
      productId: event.productId,
      description: product?.title ?? event.productId,
      quantity: event.type === 'return' ? -Math.abs(quantity) : quantity,
      unitPrice: event.price ?? product?.price ?? 0,
    });
    order.invoicedAt = event.occurredAt;
  }
  return [...orders.values()];
}

/** Newest first, then by order id descending (as the order repository sorts invoices). */
export function newestFirst(a: CustomerOrder, b: CustomerOrder): number {
  return b.invoicedAt.getTime() - a.invoicedAt.getTime() || (a.invoiceNo < b.invoiceNo ? 1 : a.invoiceNo > b.invoiceNo ? -1 : 0);
}
