import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { resolveDatabaseUrl } from '../database/database-url';
import { splitStatements } from '../migrations/migration-files';

/**
 * What a database's schema is, as sorted text lines: tables, columns (type, nullability,
 * default), indexes, keys and foreign keys, leaving out column order and the migrator's own
 * table. Two databases with equal catalogs are the same schema to Prisma.
 */
export async function schemaCatalog(url: string): Promise<string[]> {
  const resolved = resolveDatabaseUrl(url);
  return resolved.provider === 'sqlite' ? sqliteCatalog(resolved.target) : postgresCatalog(resolved.target);
}

/** Runs a `prisma migrate diff --script` file (e.g. the schema from empty) against `url`. */
export async function runScript(url: string, sql: string): Promise<void> {
  const resolved = resolveDatabaseUrl(url);
  if (resolved.provider === 'sqlite') {
    const db = new BetterSqlite3(resolved.target);
    try {
      for (const statement of splitStatements(sql)) db.exec(statement);
    } finally {
      db.close();
    }
    return;
  }
  const client = new Client({ connectionString: resolved.target });
  await client.connect();
  try {
    for (const statement of splitStatements(sql)) await client.query(statement);
  } finally {
    await client.end();
  }
}

const IGNORED_TABLES = new Set(['_reco_migrations', 'sqlite_sequence']);

function sqliteCatalog(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const out: string[] = [];
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as { name: string; sql: string }[];
    for (const { name, sql } of tables) {
      if (IGNORED_TABLES.has(name)) continue;
      out.push(`table ${name}${/AUTOINCREMENT/i.test(sql) ? ' autoincrement' : ''}`);
      for (const c of db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]) {
        out.push(`column ${name}.${c.name} ${c.type}${c.notnull ? ' not null' : ''}${c.dflt_value === null ? '' : ` default ${c.dflt_value}`}${c.pk ? ` pk${c.pk}` : ''}`);
      }
      for (const i of db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]) {
        const columns = (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name);
        out.push(`index ${name}.${i.name} (${columns.join(', ')})${i.unique ? ' unique' : ''} ${i.origin}`);
      }
      for (const f of db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { table: string; from: string; to: string; on_update: string; on_delete: string }[]) {
        out.push(`foreign key ${name}.${f.from} -> ${f.table}.${f.to} on update ${f.on_update} on delete ${f.on_delete}`);
      }
    }
    return out.sort();
  } finally {
    db.close();
  }
}

async function postgresCatalog(connectionString: string): Promise<string[]> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const columns = await client.query<{ line: string }>(`
      SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || datetime_precision || ')', '')
             || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END || COALESCE(' default ' || column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_reco_migrations'`);
    const indexes = await client.query<{ line: string }>(`
      SELECT 'index ' || tablename || '.' || indexname || ' ' || indexdef AS line
      FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_reco_migrations'`);
    const constraints = await client.query<{ line: string }>(`
      SELECT 'constraint ' || t.relname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname <> '_reco_migrations'`);
    return [...columns.rows, ...indexes.rows, ...constraints.rows].map((r) => r.line).sort();
  } finally {
    await client.end();
  }
}
