import { recomputeAggregates } from './aggregates';
import { ONLINE_RETAIL_CURRENCY, type BulkBatch, type ImportConnection } from './import-connection';
import type { ImportSummary } from './import-summary';

/**
 * An attempt whose heartbeat (every staged batch) is older than this belongs to a dead worker:
 * the next import deletes it and its staged rows. A live import stages a batch every second or so.
 */
export const DEAD_ATTEMPT_AFTER_MS = 10 * 60_000;

// Any constant: one publish at a time on a PostgreSQL database, so that two publishes never
// update the same products in opposite orders (SQLite's write lock does this by itself).
const PG_PUBLISH_LOCK_KEY = 7_302_012;

/** The attempt's staged rows were deleted before it published: nothing of it is visible. */
export class ImportAttemptRemovedError extends Error {
  constructor(runId: string) {
    super(
      `import run ${runId}: this attempt's staged rows were deleted (a retry of the run started, or its heartbeat ` +
        `was older than ${DEAD_ATTEMPT_AFTER_MS / 60_000} minutes); none of its rows were published`,
    );
    this.name = 'ImportAttemptRemovedError';
  }
}

export interface PublishResult {
  /** Rows new to the real tables. */
  inserted: ImportSummary['inserted'];
  /** From the transaction's start (SQLite: once it holds the write lock) to its commit. */
  seconds: number;
}

/**
 * One attempt at an import run: rows go to the staged_* tables under the attempt's id, which no
 * reader reads, then one transaction publishes them all (insert-or-ignore on the natural keys,
 * the aggregates recomputed) and deletes the attempt with its staged rows. A killed attempt
 * leaves only staged rows, deleted by the retry of its run or, once its heartbeat is old, by any
 * later import.
 */
export class ImportStaging {
  private constructor(
    private readonly connection: ImportConnection,
    readonly runId: string,
    private readonly attemptId: number,
  ) {}

  /** Starts an attempt of `runId`, replacing an earlier attempt of the run and deleting dead ones. */
  static async begin(connection: ImportConnection, runId: string, file: string): Promise<ImportStaging> {
    const now = new Date();
    const attemptId = await connection.transaction(async () => {
      await connection.run('DELETE FROM import_attempts WHERE run_id = $1 OR heartbeat_at < $2', [runId, new Date(now.getTime() - DEAD_ATTEMPT_AFTER_MS)]);
      const [row] = await connection.all<{ id: number }>(
        'INSERT INTO import_attempts (run_id, file, started_at, heartbeat_at) VALUES ($1, $2, $3, $3) RETURNING id',
        [runId, file, now],
      );
      if (!row) throw new Error('INSERT ... RETURNING gave no row');
      return Number(row.id);
    });
    return new ImportStaging(connection, runId, attemptId);
  }

  /** Stages one batch and beats the attempt's heartbeat, in one transaction. */
  async stage(batch: BulkBatch): Promise<void> {
    await this.connection.transaction(async () => {
      const alive = await this.connection.run('UPDATE import_attempts SET heartbeat_at = $1 WHERE id = $2', [new Date(), this.attemptId]);
      if (alive === 0) throw new ImportAttemptRemovedError(this.runId);
      await this.connection.stageRows(this.attemptId, batch);
    });
  }

  /** Makes every staged row visible at once, with the recomputed aggregates, in one transaction. */
  async publish(): Promise<PublishResult> {
    const c = this.connection;
    const postgres = c.provider === 'postgresql';
    let started = 0;
    const inserted = await c.transaction(async () => {
      started = performance.now();
      if (postgres) await c.run(`SELECT pg_advisory_xact_lock(${PG_PUBLISH_LOCK_KEY})`);
      // FOR UPDATE: an import deleting dead attempts waits for this one to commit, then finds it gone.
      const alive = await c.all(`SELECT id FROM import_attempts WHERE id = $1${postgres ? ' FOR UPDATE' : ''}`, [this.attemptId]);
      if (alive.length === 0) throw new ImportAttemptRemovedError(this.runId);
      const now = new Date();
      const attempt = [this.attemptId];
      // Parents first, for the foreign keys. Available once sold (the aggregates decide).
      const products = await c.run(
        `INSERT INTO products (id, title, price, typical_price, currency, available, recommendable, created_at, updated_at)
         SELECT product_id, title, price, price, '${ONLINE_RETAIL_CURRENCY}', false, recommendable, first_order_at, $2
         FROM staged_products WHERE attempt_id = $1
         ON CONFLICT DO NOTHING`,
        [this.attemptId, now],
      );
      const customers = await c.run(
        `INSERT INTO customers (id, country, created_at, first_seen_at, last_seen_at)
         SELECT customer_id, country, first_order_at, first_order_at, first_order_at FROM staged_customers WHERE attempt_id = $1
         ON CONFLICT DO NOTHING`,
        attempt,
      );
      const orders = await c.run(
        `INSERT INTO orders (invoice_no, customer_id, country, invoiced_at, cancelled)
         SELECT invoice_no, customer_id, country, invoiced_at, cancelled FROM staged_orders WHERE attempt_id = $1
         ON CONFLICT DO NOTHING`,
        attempt,
      );
      const orderLines = await c.run(
        `INSERT INTO order_lines (invoice_no, line_no, product_id, description, quantity, unit_price)
         SELECT invoice_no, line_no, product_id, description, quantity, unit_price FROM staged_order_lines WHERE attempt_id = $1
         ON CONFLICT DO NOTHING`,
        attempt,
      );
      await recomputeAggregates(c, this.attemptId, now);
      return { products, customers, orders, orderLines };
    });
    const seconds = (performance.now() - started) / 1000;
    // After the commit, so that the write lock is not held for it: staged rows of a published
    // attempt are inert (publishing them again would insert nothing), and if this process dies
    // first, the attempt's old heartbeat gets it deleted by a later import.
    await this.discard();
    await c.afterPublish();
    return { inserted, seconds };
  }

  /** Deletes the attempt and its staged rows (ON DELETE CASCADE): once published, or after a failure. */
  async discard(): Promise<void> {
    await this.connection.transaction(() => this.connection.run('DELETE FROM import_attempts WHERE id = $1', [this.attemptId]));
  }
}
