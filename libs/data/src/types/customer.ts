export interface Customer {
  /** The shop's customer id, e.g. "17850". */
  id: string;
  country: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}
