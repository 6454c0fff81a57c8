/**
 * An exposure: one recommendation list shown to a shopper while an experiment ran, with the arm
 * that made it. Events carrying its `recommendationId` are attributed to that arm.
 */
export interface ExposureInput {
  /** The answer's id (unique): a repeated write of the same exposure is skipped. */
  recommendationId: string;
  experimentId: string;
  arm: string;
  /** The placement asked for; null for the plain recommendation routes. */
  placement: string | null;
  /** At least one of customer and session. */
  customerId: string | null;
  sessionId: string | null;
  /** The listed products, in order. */
  productIds: readonly string[];
  at: Date;
}

/** Lists and distinct shoppers (customer id, else session id) per arm. */
export interface ArmExposureTotals {
  arm: string;
  exposures: number;
  shoppers: number;
}

export interface AttributionOptions {
  /**
   * A purchase without a recommendationId also counts when the same shopper clicked the same
   * product in one of the experiment's lists at most this long before. 0: only direct attribution.
   */
  purchaseWindowMs: number;
}

/** What the shoppers of one arm did with its lists. */
export interface ArmOutcomes {
  arm: string;
  /** Click events carrying one of the arm's recommendation ids. */
  clicks: number;
  /** Lists (exposures) with at least one click: the numerator of the click-through rate. */
  clickedLists: number;
  /** Cart events carrying one of the arm's recommendation ids. */
  carts: number;
  /** Lists with at least one of those cart events: the numerator of the cart rate. */
  cartedLists: number;
  /** Purchase events attributed (directly, or through a click in the window); each counted once. */
  purchases: number;
  /**
   * Lists with at least one attributed purchase (a direct one carries the list's id; a window
   * purchase counts for the list of the click it is attributed to): the purchase rate's numerator.
   */
  purchasedLists: number;
  /** Sum of quantity × price of those purchases (quantity 1 when absent, price 0 when absent). */
  revenue: number;
  /** Attributed revenue of each exposed shopper who has any (the others had 0): for the interval. */
  shopperRevenue: number[];
}

export interface ExposureRepository {
  /** Stores exposures in one transaction; ids stored before are skipped. Returns how many were new. */
  recordMany(exposures: readonly ExposureInput[]): Promise<number>;
  totals(experimentId: string): Promise<ArmExposureTotals[]>;
  outcomes(experimentId: string, options: AttributionOptions): Promise<ArmOutcomes[]>;
}
