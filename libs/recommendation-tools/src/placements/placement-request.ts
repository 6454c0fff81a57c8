import type { RankedItem } from '../model/recommender-options';
import type { RecommendationFilters, Strategy } from '../merchandising/merchandising-schemas';
import type { ActiveModel } from '../registry/model-registry';

/** What a page asks a placement for: the shopper, what the strategy needs, and the filters. */
export interface PlacementRequest {
  userId?: string;
  sessionId?: string;
  /** The product shown (product, similar, bought-together). */
  productId?: string;
  /** The cart's products (cart). */
  cartProductIds?: readonly string[];
  /** Default: the placement's k. */
  k?: number;
  /** Leave out what the customer bought before (personal). */
  excludePurchased?: boolean;
  filters?: RecommendationFilters;
  /**
   * A staff preview (the dashboard): served as the shopper would get it, the arm named, but no
   * exposure logged, so experiment reports count only what shoppers saw.
   */
  preview?: boolean;
}

/** A strategy's candidates, best first, before rules and diversity. */
export interface StrategyCandidates {
  items: RankedItem[];
  /**
   * What filled the list as the plain routes say it (`model`, `popular`): the personal strategy's
   * list tells, the others give their strategy's name.
   */
  source: string;
  modelVersion: string | null;
  /** Whether products from the catalogue (newest first) may fill a short list: not for buy-again, which lists only what the customer bought. */
  fillable: boolean;
  /** Whether `items` are ScoredProducts already (catalogue fields shown), so a list needing no change is served as is. */
  presented: boolean;
}

export interface StrategyCall {
  strategy: Strategy;
  request: PlacementRequest;
  /** Candidates wanted: k, or more when rules or diversity re-rank. */
  pool: number;
  /** The request's filters (the cart's products added for `cart`). */
  filters: RecommendationFilters;
  /** Set when rules filter too: the strategy scores with it and nothing is cached. */
  accept?: (productId: string) => boolean;
  /** The version an experiment arm serves; undefined: the active one. */
  model?: ActiveModel;
}
