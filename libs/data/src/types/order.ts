export interface OrderLine {
  lineNo: number;
  productId: string;
  description: string;
  /** Negative for a return. */
  quantity: number;
  unitPrice: number;
}

export interface Order {
  invoiceNo: string;
  /** Null for a guest order. */
  customerId: string | null;
  country: string;
  /** Shop-local wall-clock time, stored as if it were UTC. */
  invoicedAt: Date;
  cancelled: boolean;
  lines: OrderLine[];
}

/**
 * One purchase by a known customer: an order line with a positive quantity on a non-cancelled
 * invoice, or a `purchase` event (quantity 1 when it names none).
 */
export interface Purchase {
  customerId: string;
  productId: string;
  quantity: number;
  /**
   * What was bought together: the invoice number of an order line; for an event
   * `session:<sessionId>`, or `day:<customerId>:<YYYY-MM-DD>` when it names no session.
   */
  basketKey: string;
  purchasedAt: Date;
}

export interface ProductCount {
  productId: string;
  /** Units sold. */
  quantity: number;
  /** Baskets (invoices, purchase-event baskets) containing the product. */
  orders: number;
}

export interface CoPurchase {
  productId: string;
  /** Baskets containing both products. */
  orders: number;
}

/**
 * One customer's purchase totals, for RFM and behavioural features, over order lines and
 * purchase/return events. Purchases: lines with a positive quantity on non-cancelled invoices,
 * and purchase events; returns: lines with a negative quantity, and return events. An event
 * without a quantity counts 1, without a price the product's price.
 */
export interface CustomerAggregate {
  customerId: string;
  /** Distinct baskets (non-cancelled invoices, purchase-event baskets) with at least one purchase. */
  orders: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  /** Latest invoice or purchase/return event of any kind, cancellations included. */
  lastOrderAt: Date;
  /** Sum of quantity x unit price over purchases. */
  purchaseValue: number;
  /** Sum of |quantity| x unit price over returns (positive). */
  returnValue: number;
  returnLines: number;
  /** Units bought. */
  units: number;
  /** Distinct products bought. */
  distinctProducts: number;
}
