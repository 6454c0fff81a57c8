export interface OrderLine {
  lineNo: number;
  productCode: string;
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

/** One purchase interaction for training: a customer bought a quantity of a product. */
export interface Purchase {
  customerId: string;
  productCode: string;
  quantity: number;
  invoiceNo: string;
  invoicedAt: Date;
}

export interface ProductCount {
  productCode: string;
  /** Units sold. */
  quantity: number;
  /** Orders (invoices) containing the product. */
  orders: number;
}

export interface CoPurchase {
  productCode: string;
  /** Orders containing both products. */
  orders: number;
}

/**
 * One customer's order totals, for RFM and behavioural features. Purchases are lines with a
 * positive quantity on non-cancelled invoices; returns are lines with a negative quantity.
 */
export interface CustomerAggregate {
  customerId: string;
  /** Distinct non-cancelled invoices with at least one purchased line. */
  orders: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  /** Latest invoice of any kind, cancellations included. */
  lastOrderAt: Date;
  /** Sum of quantity x unit price over purchased lines. */
  purchaseValue: number;
  /** Sum of |quantity| x unit price over returned lines (positive). */
  returnValue: number;
  returnLines: number;
  /** Units bought. */
  units: number;
  /** Distinct products bought. */
  distinctProducts: number;
}
