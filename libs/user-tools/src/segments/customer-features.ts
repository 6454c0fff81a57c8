import type { CustomerAggregate } from '@reco/data';
import type { RfmRow } from './rfm-segmenter';

/**
 * Behavioural features of one customer, in this order. Money and counts are log-scaled: their
 * distributions have long tails that would otherwise decide every cluster on their own.
 */
export const FEATURE_NAMES = ['logMonetary', 'logFrequency', 'logRecencyDays', 'logAverageBasket', 'logDistinctProducts', 'returnRate'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface FeatureMatrix {
  /** Customers with a row, in row order. */
  customerIds: string[];
  /** Row-major, `customerIds.length` x `FEATURE_NAMES.length`. */
  values: Float64Array;
  columns: number;
}

/** Features of every customer with at least one purchase (the others have no behaviour to cluster). */
export function buildFeatures(aggregates: readonly CustomerAggregate[], rfm: ReadonlyMap<string, RfmRow>): FeatureMatrix {
  const buyers = aggregates.filter((a) => a.orders > 0);
  const columns = FEATURE_NAMES.length;
  const values = new Float64Array(buyers.length * columns);
  buyers.forEach((a, i) => {
    const row = rfm.get(a.customerId);
    const recencyDays = row?.recencyDays ?? 0;
    const monetary = Math.max(0, a.purchaseValue - a.returnValue);
    const returnRate = a.purchaseValue > 0 ? Math.min(1, a.returnValue / a.purchaseValue) : 0;
    values.set(
      [Math.log1p(monetary), Math.log1p(a.orders), Math.log1p(recencyDays), Math.log1p(a.purchaseValue / a.orders), Math.log1p(a.distinctProducts), returnRate],
      i * columns,
    );
  });
  return { customerIds: buyers.map((a) => a.customerId), values, columns };
}
