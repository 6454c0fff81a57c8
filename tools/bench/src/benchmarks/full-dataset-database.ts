import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importedDatabaseCopy } from '@reco/data';
import { DEFAULT_DATASET } from './import-bench';

/**
 * A fresh SQLite copy of the full training file, for the benchmarks that read it. The import
 * (~30 s) is done once per machine into os.tmpdir(), keyed by the CSV's size and mtime.
 */
export async function fullDatasetDatabase(file = DEFAULT_DATASET): Promise<{ url: string; dir: string; cleanup(): void }> {
  if (!existsSync(file)) throw new Error(`dataset not found: ${file}`);
  const { size, mtimeMs } = statSync(file);
  const template = path.join(tmpdir(), `reco-bench-full-${size}-${Math.round(mtimeMs)}.db`);
  const copy = await importedDatabaseCopy(file, template, 'reco-bench-db-');
  return { url: copy.url, dir: copy.dir, cleanup: copy.remove };
}
