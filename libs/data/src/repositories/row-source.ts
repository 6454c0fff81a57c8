import type { SqlDialect } from '../database/sql-dialect';

/** A column of rows sent in one statement, with its PostgreSQL type. */
export interface RowColumn {
  name: string;
  pgType: 'text' | 'int' | 'float8' | 'bool' | 'timestamp(3)';
}

/** Rows as a named row source for a WITH clause (`WITH <sql> INSERT ...`), and its one parameter. */
export interface RowSource {
  sql: string;
  params: [string];
}

/** Rows per statement: a few thousand make the per-statement cost vanish; the text stays at a few MB. */
export const ROWS_PER_STATEMENT = 5_000;

/** A DateTime as Prisma's SQLite adapter writes it (its default `iso8601` format). */
function sqliteTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** A DateTime as Prisma stores it in PostgreSQL: UTC wall-clock time in a `timestamp(3)`. */
function pgTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Cell values as JSON takes them: times as the database stores them, each Date object converted once. */
function cellWriter(time: (date: Date) => string, booleans: (value: boolean) => unknown): (value: unknown) => unknown {
  // Rows often share one Date (an event batch's receivedAt): remember the last one converted.
  let lastDate: Date | undefined;
  let lastText = '';
  return (value) => {
    if (value instanceof Date) {
      if (value !== lastDate) {
        lastDate = value;
        lastText = time(value);
      }
      return lastText;
    }
    return typeof value === 'boolean' ? booleans(value) : value;
  };
}

/**
 * `name(col, ...) AS (...)` for a WITH clause holding `rows` (one value per column, in column
 * order; at most ROWS_PER_STATEMENT), in the order given. The rows travel as one JSON text that
 * the database unpacks (SQLite's json_each, PostgreSQL's jsonb_array_elements). Through Prisma,
 * one bound parameter per cell spent more CPU in the client, its query compiler and in preparing
 * the statement than the database spent writing (profiled on the events import).
 */
export function rowSource(dialect: SqlDialect, name: string, columns: readonly RowColumn[], rows: readonly (readonly unknown[])[]): RowSource {
  const head = `${name}(${columns.map((c) => c.name).join(', ')})`;
  if (dialect.provider === 'sqlite') {
    const cell = cellWriter(sqliteTime, (value) => (value ? 1 : 0));
    const cells = columns.map((_, c) => `value ->> ${c}`).join(', ');
    return { sql: `${head} AS (SELECT ${cells} FROM json_each(?))`, params: [JSON.stringify(rows.map((row) => row.map(cell)))] };
  }
  const cell = cellWriter(pgTime, (value) => value);
  const cells = columns.map((column, c) => `(value ->> ${c})::${column.pgType}`).join(', ');
  return { sql: `${head} AS (SELECT ${cells} FROM jsonb_array_elements($1::jsonb))`, params: [JSON.stringify(rows.map((row) => row.map(cell)))] };
}
