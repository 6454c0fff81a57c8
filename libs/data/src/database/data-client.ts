import type { PrismaClient as SqlitePrismaClient } from '../generated/sqlite/client';

/**
 * The Prisma client type the repositories are written against. Both generated clients come from
 * the same models (the PostgreSQL schema is derived from the SQLite one), so their query APIs are
 * identical; the PostgreSQL client is used through this type.
 */
export type DataClient = SqlitePrismaClient;

/** The client inside `$transaction(async (tx) => ...)`. */
export type DataTransaction = Omit<DataClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** The logging calls @reco/data makes; a pino logger fits. */
export interface DataLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLogger: DataLogger = { info: () => undefined, warn: () => undefined, debug: () => undefined };

