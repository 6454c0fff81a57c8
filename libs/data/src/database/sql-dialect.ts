import type { DatabaseProvider } from './database-url';

/**
 * The few differences between SQLite and PostgreSQL that raw SQL (bulk import, aggregates)
 * has to care about; everything else is written once in SQL both accept.
 */
export interface SqlDialect {
  readonly provider: DatabaseProvider;
  /** `(?, ?), (?, ?)` or `($1, $2), ($3, $4)`: placeholders for `rows` tuples of `columns` values. */
  tuples(rows: number, columns: number): string;
  /** A placeholder list for an IN (...) clause, starting after `offset` earlier parameters. */
  list(count: number, offset?: number): string;
  /** Largest number of bound parameters per statement we allow ourselves. */
  readonly maxParams: number;
  /** The UTC calendar day (`YYYY-MM-DD`) of a DateTime column. */
  day(column: string): string;
}

function placeholders(numbered: boolean, rows: number, columns: number, offset = 0): string {
  const out: string[] = [];
  let n = offset;
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) cells.push(numbered ? `$${++n}` : '?');
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

export const sqliteDialect: SqlDialect = {
  provider: 'sqlite',
  tuples: (rows, columns) => placeholders(false, rows, columns),
  list: (count) => Array.from({ length: count }, () => '?').join(', '),
  maxParams: 32_000,
  // DateTimes are stored as ISO 8601 UTC text (`2010-12-01T08:26:00.000+00:00`).
  day: (column) => `substr(${column}, 1, 10)`,
};

export const postgresDialect: SqlDialect = {
  provider: 'postgresql',
  tuples: (rows, columns) => placeholders(true, rows, columns),
  list: (count, offset = 0) => Array.from({ length: count }, (_, i) => `$${offset + i + 1}`).join(', '),
  maxParams: 60_000,
  // Prisma stores DateTimes as UTC in `timestamp(3)` (without time zone).
  day: (column) => `to_char(${column}, 'YYYY-MM-DD')`,
};

export function dialectFor(provider: DatabaseProvider): SqlDialect {
  return provider === 'sqlite' ? sqliteDialect : postgresDialect;
}
