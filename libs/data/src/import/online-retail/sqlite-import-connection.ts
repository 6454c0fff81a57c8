import BetterSqlite3 from 'better-sqlite3';
import { ONLINE_RETAIL_CURRENCY, type BulkBatch, type BulkCounts, type BulkWriter } from './bulk-writer';

/** The text Prisma's SQLite adapter writes for a DateTime (its default `iso8601` format). */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export class SqliteBulkWriter implements BulkWriter {
  private readonly db: BetterSqlite3.Database;
  private readonly run: (batch: BulkBatch) => BulkCounts;

  constructor(file: string) {
    // A second connection beside the Prisma client's; WAL lets both work on the file.
    this.db = new BetterSqlite3(file, { timeout: 30_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Available once sold (recomputed after the import); the file's prices are in pounds sterling.
    const product = this.db.prepare(
      `INSERT INTO products (id, title, price, typical_price, currency, available, recommendable, created_at, updated_at)
       VALUES (?, ?, ?, ?, '${ONLINE_RETAIL_CURRENCY}', 0, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const customer = this.db.prepare(
      `INSERT INTO customers (id, country, created_at, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const order = this.db.prepare(
      `INSERT INTO orders (invoice_no, customer_id, country, invoiced_at, cancelled) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const line = this.db.prepare(
      `INSERT INTO order_lines (invoice_no, line_no, product_id, description, quantity, unit_price)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.run = this.db.transaction((batch: BulkBatch): BulkCounts => {
      const counts = { products: 0, customers: 0, orders: 0, orderLines: 0 };
      const now = sqliteTimestamp(new Date());
      for (const [id, title, price, recommendable, at] of batch.products) {
        counts.products += product.run(id, title, price, price, recommendable ? 1 : 0, sqliteTimestamp(at), now).changes;
      }
      for (const [id, country, at] of batch.customers) {
        const time = sqliteTimestamp(at);
        counts.customers += customer.run(id, country, time, time, time).changes;
      }
      for (const [invoiceNo, customerId, country, at, cancelled] of batch.orders) {
        counts.orders += order.run(invoiceNo, customerId, country, sqliteTimestamp(at), cancelled ? 1 : 0).changes;
      }
      for (const row of batch.lines) counts.orderLines += line.run(...row).changes;
      return counts;
    });
  }

  async write(batch: BulkBatch): Promise<BulkCounts> {
    return this.run(batch);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
