import type { DatabaseProvider } from '../../database/database-url';

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

/** A bound value; each connection converts Dates and booleans to what its database stores. */
export type SqlValue = string | number | boolean | Date | null;

/**
 * The import's own connection, beside the Prisma client's, straight through the driver
 * (better-sqlite3 / pg): bulk loading through the Prisma client's raw queries was 4x slower and
 * twice the memory. Its uncommitted writes are invisible to the repositories' connections.
 */
export interface ImportConnection {
  readonly provider: DatabaseProvider;
  /** Runs one statement written with `$1`..`$n` placeholders; resolves to the rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** `work` in one write transaction (SQLite takes the write lock at its start); rolled back if it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Inserts a batch into the staged_* tables under `attemptId`, ignoring rows staged already. */
  stageRows(attemptId: number, batch: BulkBatch): Promise<void>;
  /** Gives back what a long write left (SQLite: folds the WAL into the database). */
  afterPublish(): Promise<void>;
  close(): Promise<void>;
}
