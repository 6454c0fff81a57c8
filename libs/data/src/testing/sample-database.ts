import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../database/open-database';
import { importedDatabaseCopy, type DatabaseCopy } from '../database/imported-database-copy';
import { SAMPLE_CSV } from './test-databases';

export interface SampleDatabase {
  db: Database;
  /** Closes the database and deletes its folder. */
  close(): Promise<void>;
}

/**
 * A fresh SQLite database holding the shipped Online Retail sample, for tests of the libs that
 * read it. The sample is imported once into a template file per machine (keyed by the sample's
 * and the migrations' contents); each call gets its own copy, so tests never share state.
 */
export async function openSampleDatabase(): Promise<SampleDatabase> {
  const copy = await sampleDatabaseCopy();
  const db = await openDatabase({ url: copy.url });
  return {
    db,
    async close() {
      await db.close();
      copy.remove();
    },
  };
}

/** A private SQLite file holding the sample (for a process the test starts): its `file:` URL, and `remove()`. */
export function sampleDatabaseCopy(): Promise<DatabaseCopy> {
  return importedDatabaseCopy(SAMPLE_CSV, sampleTemplatePath(), 'reco-sample-');
}

function sampleTemplatePath(): string {
  // importedDatabaseCopy adds the schema to the name; the sample's content is this key's part.
  const hash = createHash('sha256').update(readFileSync(SAMPLE_CSV));
  return path.join(tmpdir(), `reco-sample-template-${hash.digest('hex').slice(0, 16)}.db`);
}
