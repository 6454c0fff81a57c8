import type { DataTransaction } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';

/** A table written by upsertRows: its key column, and every column a new row is inserted with. */
export interface UpsertTable {
  name: string;
  key: string;
  columns: readonly string[];
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
  const perStatement = Math.max(1, Math.floor(dialect.maxParams / table.columns.length));
  for (const [signature, group] of groups) {
    const named = signature === '' ? [] : signature.split(',');
    const set = [...named, ...(table.touched ? [table.touched] : [])].map((c) => `${c} = excluded.${c}`);
    const changed = named.map((c) => `${table.name}.${c} IS DISTINCT FROM excluded.${c}`);
    // Nothing named but the key: insert when missing, else leave the row as it is.
    const onConflict =
      named.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${set.join(', ')} WHERE ${changed.join(' OR ')}`;
    for (let i = 0; i < group.length; i += perStatement) {
      const chunk = group.slice(i, i + perStatement);
      const params = chunk.flatMap((row) => table.columns.map((c) => row.values[c] ?? null));
      const returned = await tx.$queryRawUnsafe<Record<string, string>[]>(
        `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${dialect.tuples(chunk.length, table.columns.length)}
         ON CONFLICT (${table.key}) ${onConflict}
         RETURNING ${table.key}`,
        ...params,
      );
      for (const r of returned) written.add(String(r[table.key]));
    }
  }
  return written;
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
