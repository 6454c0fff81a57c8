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
    const done = await client.$transaction(
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
    if (done) {
      applied.push(file.id);
      logger.info({ migration: file.id, provider }, 'migration applied');
    }
  }
  return { applied, current: files.map((f) => f.id) };
}
