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
  carts: number;
  purchases: number;
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
   * Whether every arm has at least `plannedExposuresPerArm` exposures: the lists a test at 95%
   * confidence and 90% power needs to detect the observed CTR difference. False (keep running)
   * while that number is null.
   */
  enoughData: boolean;
  /**
   * Exposures per arm the observed CTR difference needs (the largest over the arms compared with
   * the control); null with no difference yet (equal CTRs, e.g. no clicks anywhere).
   */
  plannedExposuresPerArm: number | null;
  generatedAt: string;
}
