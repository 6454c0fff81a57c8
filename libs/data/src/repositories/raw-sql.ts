import type { SqlDialect } from '../database/sql-dialect';
import type { TimeWindow } from './order-repository';

/** Bound parameters of one raw query, with placeholders in the order they appear in the SQL. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.list(1, this.values.length - 1);
  }

  /** ` AND <column> >= ? AND <column> < ?` for the window's bounds. */
  window(column: string, window: TimeWindow): string {
    return (window.since ? ` AND ${column} >= ${this.add(window.since)}` : '') + (window.until ? ` AND ${column} < ${this.add(window.until)}` : '');
  }
}

/** SQLite hands raw DateTime expressions back as text, PostgreSQL as Date. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

// An event without a quantity is one unit.
export const EVENT_QUANTITY = 'COALESCE(e.quantity, 1)';
