import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../database/open-database';
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
  const template = await sampleTemplate();
  const dir = mkdtempSync(path.join(tmpdir(), 'reco-sample-'));
  const file = path.join(dir, 'sample.db');
  copyFileSync(template, file);
  const db = await openDatabase({ url: `file:${file}` });
  return {
    db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function sampleTemplate(): Promise<string> {
  const migrations = path.join(__dirname, '..', '..', 'prisma', 'migrations', 'sqlite');
  const hash = createHash('sha256').update(readFileSync(SAMPLE_CSV));
  for (const name of readdirSync(migrations).sort()) hash.update(readFileSync(path.join(migrations, name, 'migration.sql')));
  const template = path.join(tmpdir(), `reco-sample-template-${hash.digest('hex').slice(0, 16)}.db`);
  if (existsSync(template)) return template;

  // Built under a unique name, then renamed: parallel Jest workers never see a half-built file.
  const building = `${template}.${process.pid}.${Date.now()}`;
  const db = await openDatabase({ url: `file:${building}` });
  try {
    await db.migrate();
    await db.importer.import(SAMPLE_CSV);
    await db.client.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await db.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, template);
  return template;
}
