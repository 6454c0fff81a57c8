import { Client } from 'pg';
import { ONLINE_RETAIL_CURRENCY, type BulkBatch, type BulkCounts, type BulkWriter } from './bulk-writer';

/** A DateTime as Prisma stores it in PostgreSQL: UTC wall-clock time in a `timestamp(3)`. */
function pgTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Column arrays of `rows`, one per column: unnest() turns them back into rows in one statement. */
function columns<T extends unknown[]>(rows: T[], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => row.forEach((value, c) => ((out[c] as unknown[])[r] = value)));
  return out;
}

export class PostgresBulkWriter implements BulkWriter {
  private readonly client: Client;
  private connected?: Promise<void>;

  constructor(connectionString: string) {
    this.client = new Client({ connectionString });
  }

  async write(batch: BulkBatch): Promise<BulkCounts> {
    this.connected ??= this.client.connect().then(() => undefined);
    await this.connected;
    const c = this.client;
    await c.query('BEGIN');
    try {
      // Available once sold (recomputed after the import); the file's prices are in pounds sterling.
      const products = await c.query(
        `INSERT INTO products (id, title, price, typical_price, currency, available, recommendable, created_at, updated_at)
         SELECT id, title, price, price, '${ONLINE_RETAIL_CURRENCY}', false, recommendable, at, $6::timestamp(3)
         FROM unnest($1::text[], $2::text[], $3::float8[], $4::bool[], $5::timestamp(3)[]) AS t(id, title, price, recommendable, at)
         ON CONFLICT DO NOTHING`,
        [...columns(batch.products.map(([id, title, price, recommendable, at]) => [id, title, price, recommendable, pgTimestamp(at)]), 5), pgTimestamp(new Date())],
      );
      const customers = await c.query(
        `INSERT INTO customers (id, country, created_at, first_seen_at, last_seen_at)
         SELECT id, country, at, at, at FROM unnest($1::text[], $2::text[], $3::timestamp(3)[]) AS t(id, country, at)
         ON CONFLICT DO NOTHING`,
        columns(batch.customers.map(([id, country, at]) => [id, country, pgTimestamp(at)]), 3),
      );
      const orders = await c.query(
        `INSERT INTO orders (invoice_no, customer_id, country, invoiced_at, cancelled)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::bool[])
         ON CONFLICT DO NOTHING`,
        columns(batch.orders.map(([no, customer, country, at, cancelled]) => [no, customer, country, pgTimestamp(at), cancelled]), 5),
      );
      const lines = await c.query(
        `INSERT INTO order_lines (invoice_no, line_no, product_id, description, quantity, unit_price)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::float8[])
         ON CONFLICT DO NOTHING`,
        columns(batch.lines, 6),
      );
      await c.query('COMMIT');
      return { products: products.rowCount ?? 0, customers: customers.rowCount ?? 0, orders: orders.rowCount ?? 0, orderLines: lines.rowCount ?? 0 };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.connected.then(() => this.client.end(), () => undefined);
  }
}
