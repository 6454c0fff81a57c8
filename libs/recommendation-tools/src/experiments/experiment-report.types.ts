// The report of GET /api/admin/experiments/:id/report (issue 18's shape; extend, don't rename).

/** A measured value with its 95% interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface ArmReport {
  name: string;
  /** Lists shown. */
  exposures: number;
  /** Distinct shoppers (customer, else session) shown a list. */
  shoppers: number;
  /** Click events on the arm's lists. */
  clicks: number;
  /** Lists with at least one click: the CTR's numerator. */
  clickedLists: number;
  /** Lists with a click over lists shown (Wilson interval). */
  ctr: Estimate;
  /** Cart events carrying one of the arm's recommendation ids. */
  carts: number;
  /** Lists with at least one such cart: the cart rate's numerator. */
  cartedLists: number;
  /** Lists with a cart over lists shown (Wilson interval). */
  cartRate: Estimate;
  /** Attributed purchases (directly, or within the window after a click on the product). */
  purchases: number;
  /** Lists with at least one attributed purchase: the purchase rate's numerator. */
  purchasedLists: number;
  /** Lists with an attributed purchase over lists shown (Wilson interval). */
  purchaseRate: Estimate;
  revenue: number;
  /** Attributed revenue over exposed shoppers (normal interval on the per-shopper mean). */
  revenuePerShopper: Estimate;
  /**
   * Against the control arm (absent on the control): relative lift of the CTR (this arm's CTR over
   * the control's − 1; null while the control has no click, as no ratio exists) and the two-sided
   * p-value of the pooled two-proportion z-test of the two CTRs.
   */
  vsControl?: { lift: number | null; pValue: number };
}

export interface ExperimentReport {
  experiment: { id: string; name: string; placement: string | null; state: string; control: string };
  arms: ArmReport[];
  /**
   * Whether every arm has at least `plannedExposuresPerArm` exposures and at least
   * `minimumClickedListsPerArm` clicked lists. False (keep running) while the plan is null.
   */
  enoughData: boolean;
  /**
   * Exposures per arm a test at 95% confidence and 90% power needs to detect a relative CTR change
   * of `minimumDetectableLift` from the control's observed CTR; null while the control has no
   * clicked list (or the experiment a single arm).
   */
  plannedExposuresPerArm: number | null;
  /** The relative CTR change planned for: the experiment's, else the default 0.1. */
  minimumDetectableLift: number;
  /** Clicked lists each arm needs besides the planned exposures (the plan rests on observed rates). */
  minimumClickedListsPerArm: number;
  generatedAt: string;
}
