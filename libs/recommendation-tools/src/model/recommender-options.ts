// What the Recommender takes and returns, and its default blend.
import type { InteractionKind } from './interaction';

/**
 * What the catalogue says of a product: only products both recommendable and available are
 * recommended. A trained product the catalogue does not describe counts as both.
 */
export interface ProductInfo {
  productId: string;
  price?: number;
  /** Out of stock / not sellable when false. */
  available?: boolean;
  /** Hidden by the shop (or a fee line) when false. */
  recommendable?: boolean;
}

/** A recorded event not yet in the trained model: re-ranks without retraining. */
export interface LiveEvent {
  productId: string;
  kind: InteractionKind;
  time: Date | number;
}

/** Which items a call may return besides the model's own eligibility. */
export interface ItemFilter {
  /** Only products it accepts (the request's filters); absent: all. */
  include?: (productId: string) => boolean;
  /** Also recommendable products that are out of stock (never hidden ones). */
  includeUnavailable?: boolean;
}

export interface RecommendOptions extends ItemFilter {
  k: number;
  excludePurchased?: boolean;
  minPrice?: number;
  maxPrice?: number;
  excludeProductIds?: Iterable<string>;
  recentEvents?: readonly LiveEvent[];
  /** Reference instant for decay; defaults to the model's last training purchase. */
  now?: number;
}

/** reason: `bought-before`, `similar-to:<productId>`, `recently-viewed`, `in-cart`, `popular`. */
export interface RankedItem {
  productId: string;
  score: number;
  reason: string;
}

/** Weights of the per-customer max-normalised components, and exponents of the per-item factors. */
export interface BlendWeights {
  repeat: number;
  itemItem: number;
  popularity: number;
  /**
   * Exponent of the item's seasonal lift (recent vs all-time share of buyers) applied to the
   * repeat, item-item and popularity scores: products in season rise. 0 turns it off. Default 0.5.
   */
  season?: number;
  /**
   * Item-item neighbours whose seasonal lift is pooled with the item's own in the factor on the
   * repeat and popularity scores (see pooledSeason); 0 uses the item's own lift. Default 5. The
   * item-item score keeps the item's own lift: pooling there hurt "new" recall on the 2011-09-09
   * split.
   */
  seasonNeighbours?: number;
  /** Exponent of the item's repeat rate (staples vs one-offs) on the repeat score. Default 0.5. */
  repeatRate?: number;
  /**
   * Exponent of replenishment due-ness on the repeat score: (days since the item's last basket
   * + REPLENISH_HORIZON_DAYS) over the days that basket lasts at the customer's pace
   * (CustomerHistories.coverageDays), clipped to [1/REPLENISH_CLIP, REPLENISH_CLIP]. A product
   * whose stock should be running out rises. 0 turns it off. Default 0.2.
   */
  replenishment?: number;
  /**
   * Exponent of the customer's repeat propensity on the repeat weight: habitual re-buyers get
   * more of their own products, explorers more new ones. Default 1.
   */
  propensity?: number;
}

// From the 2011-10-09 developer split, confirmed on 2011-09-09 (tune-blend.ts): repeat buying
// dominates this wholesale data; popularity only breaks ties (more of it hurts "new" recall);
// square-root season and repeat-rate factors and a linear propensity each helped on both splits;
// pooling the repeat score's season over 5 neighbours helped on three splits (explore-due.ts);
// replenishment 0.2 (clip 2) raised Recall and NDCG on four splits (explore-retune.ts).
export const DEFAULT_BLEND: Required<BlendWeights> = {
  repeat: 1,
  itemItem: 0.35,
  popularity: 0.02,
  season: 0.5,
  seasonNeighbours: 5,
  repeatRate: 0.5,
  replenishment: 0.2,
  propensity: 1,
};

export interface PopularOptions extends ItemFilter {
  k: number;
  sinceDays?: number;
  country?: string;
  now?: number;
}
