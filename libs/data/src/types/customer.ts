export interface Customer {
  /** The shop's customer id, e.g. "17850". */
  id: string;
  country: string | null;
  /** Free key-values from the shop. */
  attributes: Record<string, string>;
  createdAt: Date;
  /** First and latest order or event; null until there is one. */
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
}

/**
 * A customer as a shop sends it (D2's CustomerRecord gives this shape). On an update only the
 * fields a record names are set; on an insert: no country, no attributes, created now.
 */
export interface CustomerInput {
  id: string;
  country?: string | null;
  attributes?: Record<string, string>;
  createdAt?: Date;
}

/** What one `customers.upsertMany` call did, per distinct customer id. */
export interface CustomerWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}
