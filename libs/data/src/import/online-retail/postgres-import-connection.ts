import { Client } from 'pg';
import type { BulkBatch, ImportConnection, SqlValue } from './import-connection';

/** A DateTime as Prisma stores it in PostgreSQL: UTC wall-clock time in a `timestamp(3)`. */
function pgTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

// pg would send a Date in the machine's time zone, which a `timestamp` column would keep as is.
function bindable(value: SqlValue): unknown {
  return value instanceof Date ? pgTimestamp(value) : value;
}

/** Column arrays of `rows`, one per column: unnest() turns them back into rows in one statement. */
function columns<T extends unknown[]>(rows: T[], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => row.forEach((value, c) => ((out[c] as unknown[])[r] = value)));
  return out;
}

export class PostgresImportConnection implements ImportConnection {
  readonly provider = 'postgresql';
  private readonly client: Client;
  private connected?: Promise<void>;

  constructor(connectionString: string) {
    this.client = new Client({ connectionString });
  }

  private async ready(): Promise<Client> {
    this.connected ??= this.client.connect().then(async () => {
      // Costed without statistics (fresh staging rows), bulk statements were compiled for longer than they ran.
      await this.client.query('SET jit = off');
    });
    await this.connected;
    return this.client;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await (await this.ready()).query(sql, params.map(bindable))).rowCount ?? 0;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await (await this.ready()).query(sql, params.map(bindable))).rows as T[];
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const c = await this.ready();
    await c.query('BEGIN');
    try {
      const result = await work();
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  async stageRows(attemptId: number, batch: BulkBatch): Promise<void> {
    const c = await this.ready();
    await c.query(
      `INSERT INTO staged_products (attempt_id, product_id, title, price, recommendable, first_order_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[], $5::bool[], $6::timestamp(3)[])
       ON CONFLICT DO NOTHING`,
      [attemptId, ...columns(batch.products.map(([id, title, price, recommendable, at]) => [id, title, price, recommendable, pgTimestamp(at)]), 5)],
    );
    await c.query(
      `INSERT INTO staged_customers (attempt_id, customer_id, country, first_order_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamp(3)[])
       ON CONFLICT DO NOTHING`,
      [attemptId, ...columns(batch.customers.map(([id, country, at]) => [id, country, pgTimestamp(at)]), 3)],
    );
    await c.query(
      `INSERT INTO staged_orders (attempt_id, invoice_no, customer_id, country, invoiced_at, cancelled)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamp(3)[], $6::bool[])
       ON CONFLICT DO NOTHING`,
      [attemptId, ...columns(batch.orders.map(([no, customer, country, at, cancelled]) => [no, customer, country, pgTimestamp(at), cancelled]), 5)],
    );
    await c.query(
      `INSERT INTO staged_order_lines (attempt_id, invoice_no, line_no, product_id, description, quantity, unit_price)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::float8[])
       ON CONFLICT DO NOTHING`,
      [attemptId, ...columns(batch.lines, 6)],
    );
  }

  async afterPublish(): Promise<void> {
    // Autovacuum reclaims the deleted staging rows.
  }

  async close(): Promise<void> {
    if (this.connected) await this.connected.then(() => this.client.end(), () => undefined);
  }
}
