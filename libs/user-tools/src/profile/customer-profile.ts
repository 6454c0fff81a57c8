import type { CustomerProfile, Customer as ToolCustomer, Order as ToolOrder } from '@reco/base-tools';
import type { Customer } from '@reco/data';
import type { CustomerOrder } from './event-orders';

const FAVOURITES = 5;
const money = (value: number) => Math.round(value * 100) / 100;

/** What a profile shows of a customer (the tools' Customer holds no more). */
export type ProfiledCustomer = Pick<Customer, 'id' | 'country' | 'firstSeenAt' | 'lastSeenAt'>;

/** A customer as tools show it. */
export function toToolCustomer(customer: ProfiledCustomer): ToolCustomer {
  return {
    customerId: customer.id,
    country: customer.country,
    firstSeen: customer.firstSeenAt?.toISOString() ?? null,
    lastSeen: customer.lastSeenAt?.toISOString() ?? null,
  };
}

/**
 * An order as tools show it; `total` is negative for a cancellation. `recommendable` marks each
 * line the catalogue knows (postage and fee lines are not), so answers can leave those out.
 */
export function toToolOrder(order: CustomerOrder, recommendable?: (productId: string) => boolean | undefined): ToolOrder {
  return {
    invoiceNo: order.invoiceNo,
    time: order.invoicedAt.toISOString(),
    country: order.country,
    cancelled: order.cancelled,
    lines: order.lines.map((l) => {
      const line = { productId: l.productId, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice };
      const known = recommendable?.(l.productId);
      return known === undefined ? line : { ...line, recommendable: known };
    }),
    total: money(order.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0)),
  };
}

/**
 * A profile from a customer's full order history, newest first (invoices and orders made of
 * purchase events, see eventOrders). Purchases: lines with a positive quantity on non-cancelled
 * orders; returns: lines with a negative quantity. The same definitions as the RFM aggregates,
 * so spend figures agree. Favourites are products the catalogue may recommend.
 */
export function buildCustomerProfile(customer: ProfiledCustomer, orders: readonly CustomerOrder[], recommendable: (productId: string) => boolean): CustomerProfile {
  let gross = 0;
  let purchaseOrders = 0;
  let first: Date | null = null;
  let last: Date | null = null;
  const returns = { orders: 0, lines: 0, units: 0, value: 0 };
  const countries = new Map<string, number>();
  const products = new Map<string, { description: string; units: number; orders: number }>();

  for (const order of orders) {
    if (order.country !== null) countries.set(order.country, (countries.get(order.country) ?? 0) + 1);
    if (order.cancelled) returns.orders += 1;
    let bought = false;
    const inThisOrder = new Set<string>();
    for (const line of order.lines) {
      if (line.quantity < 0) {
        returns.lines += 1;
        returns.units -= line.quantity;
        returns.value -= line.quantity * line.unitPrice;
        continue;
      }
      if (order.cancelled || line.quantity === 0) continue;
      bought = true;
      gross += line.quantity * line.unitPrice;
      if (!recommendable(line.productId)) continue; // postage, fees and hidden products are nobody's favourite
      // Newest order first: the first description seen is the latest one.
      const product = products.get(line.productId) ?? { description: line.description, units: 0, orders: 0 };
      product.units += line.quantity;
      if (!inThisOrder.has(line.productId)) product.orders += 1;
      inThisOrder.add(line.productId);
      products.set(line.productId, product);
    }
    if (!bought) continue;
    purchaseOrders += 1;
    if (!first || order.invoicedAt < first) first = order.invoicedAt;
    if (!last || order.invoicedAt > last) last = order.invoicedAt;
  }

  const favouriteProducts = [...products.entries()]
    .sort(([a, x], [b, y]) => y.orders - x.orders || y.units - x.units || a.localeCompare(b))
    .slice(0, FAVOURITES)
    .map(([productId, p]) => ({ productId, ...p }));

  return {
    customer: toToolCustomer(customer),
    orders: purchaseOrders,
    totalSpend: money(gross - returns.value),
    grossSpend: money(gross),
    averageBasket: purchaseOrders ? money(gross / purchaseOrders) : 0,
    firstPurchase: first?.toISOString() ?? null,
    lastPurchase: last?.toISOString() ?? null,
    favouriteProducts,
    countries: [...countries.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([country, n]) => ({ country, orders: n })),
    returns: { ...returns, value: money(returns.value) },
  };
}
