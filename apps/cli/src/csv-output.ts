import { stringify } from 'csv-stringify/sync';

/** A cell of a CSV the CLI writes: text, a number, or empty. */
export type CsvCell = string | number | null;

/**
 * `rows` as CSV (RFC 4180 quoting, each row ended by a line break), safe to open in a
 * spreadsheet. Product texts and ids are the shop's, stored as sent; a cell that begins like a
 * formula (`=`, `+`, `-`, `@`, tab, carriage return, or their full-width forms) gets a leading
 * `'`, so it is shown, never run (OWASP CSV injection). Numbers are written as numbers (-1.5
 * stays a number).
 */
export function csvRows(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows as CsvCell[][], { escape_formulas: true });
}
