import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
 * `templatePath` (the caller's key says when it is stale); each call copies that file, so
 * callers never share state and pay the import only once per machine.
 */
export async function importedDatabaseCopy(csv: string, templatePath: string, folderPrefix = 'reco-db-'): Promise<DatabaseCopy> {
  if (!existsSync(templatePath)) await buildTemplate(csv, templatePath);
  const dir = mkdtempSync(path.join(tmpdir(), folderPrefix));
  const file = path.join(dir, 'reco.db');
  copyFileSync(templatePath, file);
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
