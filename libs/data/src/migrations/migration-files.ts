import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseProvider } from '../database/database-url';

export interface MigrationFile {
  /** Folder name, e.g. `0001_init`: applied in this order, recorded under this id. */
  id: string;
  sql: string;
  checksum: string;
}

/** libs/data/prisma/migrations: two levels above this file both in src/ and in dist/. */
export const MIGRATIONS_ROOT = path.join(__dirname, '..', '..', 'prisma', 'migrations');

/** The committed migrations of one provider, in order. */
export function loadMigrationFiles(provider: DatabaseProvider, root = MIGRATIONS_ROOT): MigrationFile[] {
  const dir = path.join(root, provider);
  if (!existsSync(dir)) throw new Error(`no migrations folder for ${provider} at ${dir}`);
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+$/.test(name))
    .sort()
    .map((id) => {
      const sql = readFileSync(path.join(dir, id, 'migration.sql'), 'utf8');
      return { id, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Splits a `prisma migrate diff --script` file into statements: they end with `;` at a line's
 * end, and Prisma's DDL holds no string literal spanning such a boundary.
 */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\r?\n|$)/)
    .map((chunk) =>
      chunk
        .split(/\r?\n/)
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((statement) => statement.length > 0);
}
