import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@reco/data';
import { DEFAULT_DATASET } from './import-bench';

/**
 * A fresh SQLite copy of the full training file, for the benchmarks that read it. The import
 * (~30 s) is done once per machine into os.tmpdir(), keyed by the CSV's size and mtime.
 */
export async function fullDatasetDatabase(file = DEFAULT_DATASET): Promise<{ url: string; dir: string; cleanup(): void }> {
  if (!existsSync(file)) throw new Error(`dataset not found: ${file}`);
  const { size, mtimeMs } = statSync(file);
  const template = path.join(tmpdir(), `reco-bench-full-${size}-${Math.round(mtimeMs)}.db`);
  if (!existsSync(template)) {
    const building = `${template}.${process.pid}`;
    const db = await openDatabase({ url: `file:${building}` });
    try {
      await db.migrate();
      await db.importer.import(file);
      await db.client.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      await db.close();
    }
    for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
    renameSync(building, template);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'reco-bench-db-'));
  const copy = path.join(dir, 'reco.db');
  copyFileSync(template, copy);
  return { url: `file:${copy}`, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
