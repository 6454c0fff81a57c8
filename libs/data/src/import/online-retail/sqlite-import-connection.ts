import { setImmediate as nextTurn } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import type { BulkBatch, ImportConnection, SqlValue } from './import-connection';

/** The text Prisma's SQLite adapter writes for a DateTime (its default `iso8601` format). */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

function bindable(value: SqlValue): string | number | null {
  if (value instanceof Date) return sqliteTimestamp(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** `$n` placeholders as SQLite's `?`, with the values in the order the placeholders appear. */
function positional(sql: string, params: readonly SqlValue[]): { sql: string; values: (string | number | null)[] } {
  const values: (string | number | null)[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    values.push(bindable(params[Number(n) - 1] ?? null));
    return '?';
  });
  return { sql: text, values };
}

/**
 * Page cache of the import's connection, in KiB (negative cache_size), allocated only as pages are
 * touched: the publish transaction rewrites the order_lines B-trees, which the default 2 MiB
 * would read again and again.
 */
const IMPORT_CACHE_SIZE = -262_144;

export class SqliteImportConnection implements ImportConnection {
  readonly provider = 'sqlite';
  private readonly db: BetterSqlite3.Database;
  private readonly insertStaged: (attemptId: number, batch: BulkBatch) => void;

  constructor(file: string) {
    // WAL lets this connection write while the Prisma client's reads its last committed state.
    this.db = new BetterSqlite3(file, { timeout: 30_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
    this.db.pragma('temp_store = MEMORY');
    const product = this.db.prepare(
      `INSERT INTO staged_products (attempt_id, product_id, title, price, recommendable, first_order_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const customer = this.db.prepare(`INSERT INTO staged_customers (attempt_id, customer_id, country, first_order_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const order = this.db.prepare(
      `INSERT INTO staged_orders (attempt_id, invoice_no, customer_id, country, invoiced_at, cancelled) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const line = this.db.prepare(
      `INSERT INTO staged_order_lines (attempt_id, invoice_no, line_no, product_id, description, quantity, unit_price)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.insertStaged = (attemptId, batch) => {
      for (const [id, title, price, recommendable, at] of batch.products) product.run(attemptId, id, title, price, recommendable ? 1 : 0, sqliteTimestamp(at));
      for (const [id, country, at] of batch.customers) customer.run(attemptId, id, country, sqliteTimestamp(at));
      for (const [invoiceNo, customerId, country, at, cancelled] of batch.orders) {
        order.run(attemptId, invoiceNo, customerId, country, sqliteTimestamp(at), cancelled ? 1 : 0);
      }
      for (const row of batch.lines) line.run(attemptId, ...row);
    };
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    // Each statement runs synchronously: let the process answer others between statements.
    await nextTurn();
    const bound = positional(sql, params);
    return this.db.prepare(bound.sql).run(...bound.values).changes;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    await nextTurn();
    const bound = positional(sql, params);
    return this.db.prepare(bound.sql).all(...bound.values) as T[];
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    // IMMEDIATE: the write lock now, or wait for it (busy timeout), instead of failing at the first write.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  async stageRows(attemptId: number, batch: BulkBatch): Promise<void> {
    this.insertStaged(attemptId, batch);
  }

  async afterPublish(): Promise<void> {
    // The publish wrote one large transaction into the WAL; fold it in and truncate the file.
    // Reports busy (does not throw) while a reader holds an older snapshot: a later checkpoint finishes.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
