import type { CustomerColumns } from './customer-columns';

/**
 * Behavioural features of one customer, in this order. Money and counts are log-scaled: their
 * distributions have long tails that would otherwise decide every cluster on their own.
 */
export const FEATURE_NAMES = ['logMonetary', 'logFrequency', 'logRecencyDays', 'logAverageBasket', 'logDistinctProducts', 'returnRate'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface FeatureMatrix {
  /** The customer (position in the CustomerColumns) of each row. */
  customers: Int32Array;
  /** Row-major, `customers.length` x `FEATURE_NAMES.length`. */
  values: Float64Array;
  columns: number;
}

/** Features of every customer with at least one purchase (the others have no behaviour to cluster). */
export function buildFeatures(customers: CustomerColumns): FeatureMatrix {
  const n = customers.count;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (customers.frequency[i] > 0) rows.push(i);
  const columns = FEATURE_NAMES.length;
  const values = new Float64Array(rows.length * columns);
  rows.forEach((i, row) => {
    const orders = customers.frequency[i];
    const purchaseValue = customers.purchaseValue[i];
    const returnValue = customers.returnValue[i];
    const at = row * columns;
    values[at] = Math.log1p(Math.max(0, purchaseValue - returnValue));
    values[at + 1] = Math.log1p(orders);
    values[at + 2] = Math.log1p(customers.recencyDays[i]);
    values[at + 3] = Math.log1p(purchaseValue / orders);
    values[at + 4] = Math.log1p(customers.distinctProducts[i]);
    values[at + 5] = purchaseValue > 0 ? Math.min(1, returnValue / purchaseValue) : 0;
  });
  return { customers: Int32Array.from(rows), values, columns };
}
