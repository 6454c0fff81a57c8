import type { DatabaseProvider } from '../database/database-url';
import type { DataClient, DataLogger } from '../database/data-client';
import { loadMigrationFiles, splitStatements, type MigrationFile } from './migration-files';

export interface MigrationResult {
  applied: string[];
  /** Every migration now recorded, applied earlier or just now. */
  current: string[];
}

const TABLE = '_reco_migrations';
// Any constant: serialises concurrent migrators on one PostgreSQL database.
const PG_LOCK_KEY = 7_302_011;

/**
 * Applies the committed migrations that are not yet recorded, each in its own transaction
 * together with its record, so a failing migration leaves nothing behind.
 */
export async function migrate(
  client: DataClient,
  provider: DatabaseProvider,
  logger: DataLogger,
  files: MigrationFile[] = loadMigrationFiles(provider),
): Promise<MigrationResult> {
  await client.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const applied: string[] = [];
  for (const file of files) {
    // SQLite rebuilds tables to change a column (drop the old, rename the new): with foreign keys
    // enforced, dropping a parent table would cascade or fail. The pragma is a no-op inside a
    // transaction, so it is set around it; foreign_key_check below still refuses broken references.
    if (provider === 'sqlite') await client.$executeRawUnsafe('PRAGMA foreign_keys = OFF');
    try {
      const done = await applyOne(client, provider, file);
      if (done) {
        applied.push(file.id);
        logger.info({ migration: file.id, provider }, 'migration applied');
      }
    } finally {
      if (provider === 'sqlite') await client.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    }
  }
  return { applied, current: files.map((f) => f.id) };
}

/** One migration and its record, in one transaction; false when it was applied before. */
async function applyOne(client: DataClient, provider: DatabaseProvider, file: MigrationFile): Promise<boolean> {
  return client.$transaction(
    async (tx) => {
      if (provider === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_LOCK_KEY})`);
      const recorded = await tx.$queryRawUnsafe<{ checksum: string }[]>(`SELECT checksum FROM ${TABLE} WHERE id = ${provider === 'sqlite' ? '?' : '$1'}`, file.id);
      if (recorded.length > 0) {
        if (recorded[0]?.checksum !== file.checksum) {
          throw new Error(`migration ${file.id} was changed after it was applied; add a new migration instead`);
        }
        return false;
      }
      for (const statement of splitStatements(file.sql)) await tx.$executeRawUnsafe(statement);
      if (provider === 'sqlite') {
        const broken = await tx.$queryRawUnsafe<{ table: string; parent: string }[]>('PRAGMA foreign_key_check');
        if (broken.length > 0) {
          throw new Error(`migration ${file.id} leaves ${broken.length} broken references (first: ${broken[0]?.table} -> ${broken[0]?.parent})`);
        }
      }
      const p = provider === 'sqlite' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
      await tx.$executeRawUnsafe(
        `INSERT INTO ${TABLE} (id, checksum, applied_at) VALUES (${p.join(', ')})`,
        file.id,
        file.checksum,
        new Date().toISOString(),
      );
      return true;
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}
