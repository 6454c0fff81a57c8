import { DEFAULT_INTERACTION_WEIGHTS, type InteractionWeights } from './interaction';
import type { InteractionHistories } from './interaction-rows';
import type { ItemModelInfo } from './item-neighbours';
import type { SparseNeighbours } from './sparse-neighbours';

export interface TrainingOptions {
  /** Only purchases before this instant (ms) train; default: all. */
  until?: number;
  /** EASE regularisation. */
  lambda: number;
  /** Neighbours kept per item for the learned item-item model and for bought-together. */
  neighbours: number;
  /**
   * α of the asymmetric cosine that covers the items outside the EASE head (large catalogues):
   * 0.5 is the plain cosine, larger leans towards popular neighbours. Absent in old states.
   */
  cosineAsymmetry: number;
  /** Half-life (days) of a purchase in the customer's repeat score. */
  repeatHalfLifeDays: number;
  /** Half-life (days) of a purchase in the trending popularity. */
  popularityHalfLifeDays: number;
  /** Half-life (days) of a customer's purchase in the item-item input row. */
  itemHalfLifeDays: number;
  /** Recent window (days) whose buyers, against all-time buyers, say which products are in season. */
  seasonWindowDays: number;
  /**
   * Exponent of a basket's quantity over the item's median basket quantity in the repeat score
   * (bulk orders count more); 0 ignores quantities.
   */
  quantityExponent: number;
  /** That quantity ratio is clipped to [1/quantityClip, quantityClip]. */
  quantityClip: number;
  /**
   * Weight of a view, a cart and a purchase in the item-item model's input (a purchase's
   * repeat score does not depend on it). A kind weighing 0 does not train.
   */
  interactionWeights: InteractionWeights;
}

// Chosen on the 2011-10-09 developer split and checked on 2011-09-09 (see tune-blend.ts):
// λ=100 beat 300-3,000 on both; repeat purchases fade slowly (wholesale buyers reorder
// seasonal lines a year apart), hence a 240-day half-life. A two-week season window beat four
// and eight weeks on both splits (the run-up to Christmas moves fast). Quantity exponent 0.1
// with clip 10 gained on all four monthly splits 2011-07-11..10-09; every exponent 0.08-0.12
// with clips 5-∞ scored at or above no weighting on each (explore-returns-quantity.ts).
// Cosine asymmetry 0.8 over 0.5 (explore-scale-item-model.ts): on generated S and M shops the
// tail model's "new" Recall@20 rose by half; on this split with a 1,000-2,000 item EASE head
// "all" rose and "new" fell by 0.002-0.003 (the real catalogue fits EASE whole by default).
export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  lambda: 100,
  neighbours: 200,
  cosineAsymmetry: 0.8,
  repeatHalfLifeDays: 240,
  popularityHalfLifeDays: 30,
  itemHalfLifeDays: 120,
  seasonWindowDays: 14,
  quantityExponent: 0.1,
  quantityClip: 10,
  interactionWeights: { ...DEFAULT_INTERACTION_WEIGHTS },
};

/** Customer histories as CSR rows over the item vocabulary. */
export interface CustomerHistories {
  customerIds: string[];
  offsets: Int32Array;
  items: Int32Array;
  /** Distinct baskets (invoices) containing the item. */
  baskets: Float32Array;
  /**
   * Σ over baskets of 2^(-age / repeat half-life), age measured at `trainedUntil`, each basket
   * weighted by its quantity against the item's median (TrainingOptions.quantityExponent).
   */
  decayed: Float32Array;
  lastTime: Float64Array;
  /**
   * Days the item's last basket lasts at the customer's own pace: its quantity over the
   * quantity per day of the earlier baskets (earlier total / days from first to last basket).
   * 0 when unknown (one basket, or baskets less than a week apart). Absent in old states.
   */
  coverageDays?: Float32Array;
  /**
   * Per customer (indexed like `customerIds`): how much more than the average customer they
   * re-buy, i.e. the share of items in their baskets after the first that they had bought
   * before, smoothed towards the average, divided by the average. 1 = typical.
   */
  repeatPropensity?: Float32Array;
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
  /** Instant (ms) the ages are measured from: the last training purchase, view or cart. */
  trainedUntil: number;
  productIds: string[];
  /** Distinct buying customers per item, all time. */
  customerCounts: Float32Array;
  /** Time-decayed distinct buying customers per item: the fallback ranking. */
  trending: Float32Array;
  /**
   * Seasonal lift per item: its share of the distinct buyers in the last `seasonWindowDays`
   * over its all-time share (smoothed). Above 1 means "in season now". Absent in old states.
   */
  season?: Float32Array;
  /**
   * Per item: how often customers who bought it and shopped again later bought it again,
   * smoothed, divided by the average rate (1 = typical; staples above, one-offs below).
   */
  repeatRate?: Float32Array;
  itemItem: SparseNeighbours;
  /** Which item-item model `itemItem` is (EASE over all items, or over the head). Absent in old states: EASE. */
  itemModel?: ItemModelInfo;
  boughtTogether: SparseNeighbours;
  histories: CustomerHistories;
  /** Views and carts of the training window, per customer (some never bought). Absent: none. */
  interactions?: InteractionHistories;
  sales: DailySales;
  counts: { purchases: number; customers: number; products: number; baskets: number; interactions?: number };
}
