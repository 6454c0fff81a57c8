/** One customer's stored segment (written by @reco/user-tools' segmentation run). */
export interface StoredCustomerSegment {
  customerId: string;
  runId: number;
  segment: string;
  r: number;
  f: number;
  m: number;
  recencyDays: number;
  frequency: number;
  monetary: number;
  averageBasket: number;
  clusterId: number | null;
  clusterLabel: string | null;
  computedAt: Date;
}

export type NewCustomerSegment = Omit<StoredCustomerSegment, 'runId' | 'computedAt'>;

/** One segmentation run; `summary` is the run's own JSON document, opaque to the data layer. */
export interface SegmentRun {
  id: number;
  computedAt: Date;
  referenceDate: Date;
  customers: number;
  clusters: number;
  seconds: number;
  summary: unknown;
}

export type NewSegmentRun = Omit<SegmentRun, 'id'>;
