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
  clicks: number;
  /** Lists with a click over lists shown (Wilson interval). */
  ctr: Estimate;
  carts: number;
  purchases: number;
  revenue: number;
  /** Attributed revenue over exposed shoppers (normal interval on the per-shopper mean). */
  revenuePerShopper: Estimate;
  /** Against the control arm (absent on the control): relative lift of the CTR and its two-sided p-value. */
  vsControl?: { lift: number; pValue: number };
}

export interface ExperimentReport {
  experiment: { id: string; name: string; placement: string | null; state: string; control: string };
  arms: ArmReport[];
  /**
   * Whether each arm has the shoppers a test at 95% confidence and 80% power needs to detect the
   * observed CTR difference (at least `minimumExposures`): false means keep running.
   */
  enoughData: boolean;
  /** Exposures per arm the observed difference needs (null with no difference yet). */
  plannedExposuresPerArm: number | null;
  generatedAt: string;
}
