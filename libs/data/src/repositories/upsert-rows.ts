import type { DataTransaction } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import { ROWS_PER_STATEMENT, rowSource, type RowColumn } from './row-source';

/** A table written by upsertRows: its key column, and every column a new row is inserted with. */
export interface UpsertTable {
  name: string;
  key: string;
  columns: readonly RowColumn[];
  /** Set to its new value whenever a row is inserted or changed (e.g. updated_at). */
  touched?: string;
}

/** One row: a value for every column of the table (defaults filled), and the columns its record names. */
export interface UpsertRow {
  values: Readonly<Record<string, unknown>>;
  named: readonly string[];
}

/**
 * Inserts each row, or sets the columns it names on the existing row when one of them differs,
 * in multi-row statements (one per set of named columns; a file's records usually name the same
 * fields, so mostly one). Returns the keys actually written: a row equal to what is stored is left
 * alone, its `touched` column included. Keys must be distinct.
 */
export async function upsertRows(tx: DataTransaction, dialect: SqlDialect, table: UpsertTable, rows: readonly UpsertRow[]): Promise<Set<string>> {
  const groups = new Map<string, UpsertRow[]>();
  for (const row of rows) {
    const named = [...new Set(row.named)].filter((c) => c !== table.key && c !== table.touched).sort();
    const signature = named.join(',');
    const group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, [row]);
  }
  const written = new Set<string>();
  const columns = table.columns.map((c) => c.name).join(', ');
  for (const [signature, group] of groups) {
    const named = signature === '' ? [] : signature.split(',');
    const set = [...named, ...(table.touched ? [table.touched] : [])].map((c) => `${c} = excluded.${c}`);
    const changed = named.map((c) => `${table.name}.${c} IS DISTINCT FROM excluded.${c}`);
    // Nothing named but the key: insert when missing, else leave the row as it is.
    const onConflict =
      named.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${set.join(', ')} WHERE ${changed.join(' OR ')}`;
    for (let i = 0; i < group.length; i += ROWS_PER_STATEMENT) {
      const chunk = group.slice(i, i + ROWS_PER_STATEMENT).map((row) => table.columns.map((c) => row.values[c.name] ?? null));
      const source = rowSource(dialect, 'incoming', table.columns, chunk);
      const returned = await tx.$queryRawUnsafe<Record<string, string>[]>(
        `WITH ${source.sql}
         INSERT INTO ${table.name} (${columns}) SELECT ${columns} FROM incoming WHERE true
         ON CONFLICT (${table.key}) ${onConflict}
         RETURNING ${table.key}`,
        ...source.params,
      );
      for (const r of returned) written.add(String(r[table.key]));
    }
  }
  return written;
}

/** The keys among `keys` that `table` holds already (one raw query per few thousand: an ORM `in` list of thousands costs more than the write). */
export async function existingKeys(tx: DataTransaction, dialect: SqlDialect, table: UpsertTable, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const column = table.columns.find((c) => c.name === table.key) ?? { name: table.key, pgType: 'text' };
  for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
    const source = rowSource(dialect, 'wanted', [column], keys.slice(i, i + ROWS_PER_STATEMENT).map((key) => [key]));
    const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(
      `WITH ${source.sql} SELECT ${table.key} FROM ${table.name} WHERE ${table.key} IN (SELECT ${table.key} FROM wanted)`,
      ...source.params,
    );
    for (const row of rows) found.add(String(row[table.key]));
  }
  return found;
}

/**
 * Records by id, a later record of an id adding the fields it names to the earlier one's: an
 * absent (undefined) field never overrides.
 */
export function mergeById<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  const merged = new Map<string, T>();
  for (const record of records) {
    const named = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
    merged.set(record.id, { ...merged.get(record.id), ...named } as T);
  }
  return merged;
}

/** What an upsert did, from the keys that existed before it and the keys it wrote. */
export function writeCounts(existing: ReadonlySet<string>, written: ReadonlySet<string>): { inserted: number; updated: number; unchanged: number } {
  let inserted = 0;
  let updated = 0;
  for (const key of written) {
    if (existing.has(key)) updated++;
    else inserted++;
  }
  return { inserted, updated, unchanged: existing.size - updated };
}
