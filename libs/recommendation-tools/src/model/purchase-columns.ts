import { timeOf, type Interaction } from './interaction';

/** Kinds of InteractionColumns rows, by their code (the index here). */
export const INTERACTION_KINDS = ['view', 'cart'] as const;

/**
 * Views and carts of known customers, as columns over the dictionaries of the PurchaseColumns
 * that hold them: they enter the item-item model's input (weighted), not the repeat score.
 */
export interface InteractionColumns {
  customer: Int32Array;
  product: Int32Array;
  /** Index into INTERACTION_KINDS (a click is read as a view). */
  kind: Uint8Array;
  time: Float64Array;
}

/**
 * Purchases as columns: the serialisable training input (typed arrays transfer to a worker
 * thread without copying). Strings live once in the dictionaries, rows hold indices.
 */
export interface PurchaseColumns {
  customerIds: string[];
  productIds: string[];
  countries: string[];
  customer: Int32Array;
  product: Int32Array;
  quantity: Float32Array;
  time: Float64Array;
  /** Index into `countries`, -1 when unknown. */
  country: Int32Array;
  /** Views and carts; absent: none. */
  interactions?: InteractionColumns;
  /**
   * Per product (like `productIds`): 1 when the catalogue offered it when read, 0 when not
   * (out of stock: it trains, but the evaluation does not recommend it). Absent: all offered.
   */
  available?: Uint8Array;
}

/** Purchases (kind absent or 'purchase') into the columns, views and carts into `interactions`. */
export function toPurchaseColumns(interactions: readonly Interaction[]): PurchaseColumns {
  const rows = interactions.filter((r) => (r.kind ?? 'purchase') === 'purchase');
  const others = interactions.filter((r) => r.kind === 'view' || r.kind === 'cart');
  const customerIndex = new Map<string, number>();
  const productIndex = new Map<string, number>();
  const countryIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, key: string) => {
    let i = map.get(key);
    if (i === undefined) map.set(key, (i = map.size));
    return i;
  };
  const n = rows.length;
  const out: PurchaseColumns = {
    customerIds: [],
    productIds: [],
    countries: [],
    customer: new Int32Array(n),
    product: new Int32Array(n),
    quantity: new Float32Array(n),
    time: new Float64Array(n),
    country: new Int32Array(n),
  };
  rows.forEach((r, i) => {
    out.customer[i] = indexOf(customerIndex, r.customerId);
    out.product[i] = indexOf(productIndex, r.productId);
    out.quantity[i] = r.quantity;
    out.time[i] = timeOf(r);
    out.country[i] = r.country === undefined ? -1 : indexOf(countryIndex, r.country);
  });
  if (others.length > 0) {
    const m = others.length;
    const columns: InteractionColumns = { customer: new Int32Array(m), product: new Int32Array(m), kind: new Uint8Array(m), time: new Float64Array(m) };
    others.forEach((r, i) => {
      columns.customer[i] = indexOf(customerIndex, r.customerId);
      columns.product[i] = indexOf(productIndex, r.productId);
      columns.kind[i] = r.kind === 'cart' ? 1 : 0;
      columns.time[i] = timeOf(r);
    });
    out.interactions = columns;
  }
  out.customerIds = [...customerIndex.keys()];
  out.productIds = [...productIndex.keys()];
  out.countries = [...countryIndex.keys()];
  return out;
}
