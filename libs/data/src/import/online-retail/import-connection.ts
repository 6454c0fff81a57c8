/** The Online Retail file's prices are in pounds sterling. */
export const ONLINE_RETAIL_CURRENCY = 'GBP';

/** Rows of one batch of whole invoices, column values in table order. */
export interface BulkBatch {
  /** id (stock code), title (the line's description), price, recommendable (the code rule), first order time */
  products: [string, string, number, boolean, Date][];
  /** id, country, first order time */
  customers: [string, string, Date][];
  /** invoice_no, customer_id, country, invoiced_at, cancelled */
  orders: [string, string | null, string, Date, boolean][];
  /** invoice_no, line_no, product_id, description, quantity, unit_price */
  lines: [string, number, string, string, number, number][];
}

export interface BulkCounts {
  products: number;
  customers: number;
  orders: number;
  orderLines: number;
}

/**
 * Writes import batches straight through the database driver (better-sqlite3 / pg), each batch in
 * one transaction with insert-or-ignore on the natural keys: bulk loading through the Prisma
 * client's raw queries was 4x slower and twice the memory.
 */
export interface BulkWriter {
  /** Writes one batch atomically; returns the rows actually inserted per table. */
  write(batch: BulkBatch): Promise<BulkCounts>;
  close(): Promise<void>;
}
