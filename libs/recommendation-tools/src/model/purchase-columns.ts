import { timeOf, type Interaction } from './interaction';

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
}

/** Keeps purchases only (kind absent or 'purchase'). */
export function toPurchaseColumns(interactions: readonly Interaction[]): PurchaseColumns {
  const rows = interactions.filter((r) => (r.kind ?? 'purchase') === 'purchase');
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
  out.customerIds = [...customerIndex.keys()];
  out.productIds = [...productIndex.keys()];
  out.countries = [...countryIndex.keys()];
  return out;
}
