import type { SparseNeighbours } from './sparse-neighbours';

export interface TrainingOptions {
  /** Only purchases before this instant (ms) train; default: all. */
  until?: number;
  /** EASE regularisation. */
  lambda: number;
  /** Neighbours kept per item for the learned item-item model and for bought-together. */
  neighbours: number;
  /** Half-life (days) of a purchase in the customer's repeat score. */
  repeatHalfLifeDays: number;
  /** Half-life (days) of a purchase in the trending popularity. */
  popularityHalfLifeDays: number;
  /** Half-life (days) of a customer's purchase in the item-item input row. */
  itemHalfLifeDays: number;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  lambda: 300,
  neighbours: 200,
  repeatHalfLifeDays: 120,
  popularityHalfLifeDays: 30,
  itemHalfLifeDays: 120,
};

/** Customer histories as CSR rows over the item vocabulary. */
export interface CustomerHistories {
  customerIds: string[];
  offsets: Int32Array;
  items: Int32Array;
  /** Distinct baskets (invoices) containing the item. */
  baskets: Float32Array;
  /** Σ over baskets of 2^(-age / repeat half-life), age measured at `trainedUntil`. */
  decayed: Float32Array;
  lastTime: Float64Array;
}

/** Distinct customers buying an item per day and country: popularity over any window. */
export interface DailySales {
  countries: string[];
  item: Int32Array;
  day: Int32Array;
  country: Int32Array;
  customers: Float32Array;
}

/** Everything scoring needs: typed arrays and plain JSON, safe to post between threads. */
export interface RecommenderState {
  version: 1;
  options: TrainingOptions;
  /** Instant (ms) the ages are measured from: the last training purchase. */
  trainedUntil: number;
  productIds: string[];
  /** Distinct buying customers per item, all time. */
  customerCounts: Float32Array;
  /** Time-decayed distinct buying customers per item: the fallback ranking. */
  trending: Float32Array;
  itemItem: SparseNeighbours;
  boughtTogether: SparseNeighbours;
  histories: CustomerHistories;
  sales: DailySales;
  counts: { purchases: number; customers: number; products: number; baskets: number };
}
