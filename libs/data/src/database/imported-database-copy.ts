import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadMigrationFiles } from '../migrations/migration-files';
import { openDatabase } from './open-database';

export interface DatabaseCopy {
  /** `file:` URL of the copy. */
  url: string;
  dir: string;
  /** Deletes the copy's folder (close the database first). */
  remove(): void;
}

/**
 * A private SQLite copy of `csv` imported into a migrated database, for tests and benchmarks. The import runs once into
 * a template named after `templatePath` and the schema's migrations (the caller's key says when
 * the data is stale; a new migration makes a new template, so an old-schema copy is never
 * served); each call copies that file, so callers never share state and pay the import only
 * once per machine and schema.
 */
export async function importedDatabaseCopy(csv: string, templatePath: string, folderPrefix = 'reco-db-'): Promise<DatabaseCopy> {
  const template = templatePath.replace(/(\.db)?$/, `-schema-${schemaKey()}.db`);
  if (!existsSync(template)) await buildTemplate(csv, template);
  const dir = mkdtempSync(path.join(tmpdir(), folderPrefix));
  const file = path.join(dir, 'reco.db');
  copyFileSync(template, file);
  return { url: `file:${file}`, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function buildTemplate(csv: string, templatePath: string): Promise<void> {
  // Built under a unique name, then renamed: parallel workers never see a half-built file.
  const building = `${templatePath}.${process.pid}.${Date.now()}`;
  const db = await openDatabase({ url: `file:${building}` });
  try {
    await db.migrate();
    await db.importer.import(csv);
    await db.client.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await db.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, templatePath);
}

/** The migrations the template was built with, as a short digest of their checksums. */
function schemaKey(): string {
  const hash = createHash('sha256');
  for (const file of loadMigrationFiles('sqlite')) hash.update(`${file.id}:${file.checksum};`);
  return hash.digest('hex').slice(0, 12);
}
