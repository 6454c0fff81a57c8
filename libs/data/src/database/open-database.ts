import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqlitePrismaClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresPrismaClient } from '../generated/postgresql/client';
import { migrate, type MigrationResult } from '../migrations/migrator';
import { OnlineRetailImporter } from '../import/online-retail/online-retail-importer';
import type { ImportConnection } from '../import/online-retail/import-connection';
import { PostgresImportConnection } from '../import/online-retail/postgres-import-connection';
import { SqliteImportConnection } from '../import/online-retail/sqlite-import-connection';
import type { ChatRepository } from '../repositories/chat-repository';
import type { CustomerRepository } from '../repositories/customer-repository';
import type { EventRepository } from '../repositories/event-repository';
import type { ModelVersionRepository } from '../repositories/model-version-repository';
import type { OrderRepository } from '../repositories/order-repository';
import type { ProductRepository } from '../repositories/product-repository';
import type { SegmentRepository } from '../repositories/segment-repository';
import { PrismaChatRepository } from '../repositories/prisma-chat-repository';
import { PrismaCustomerRepository } from '../repositories/prisma-customer-repository';
import { PrismaEventRepository } from '../repositories/prisma-event-repository';
import { PrismaModelVersionRepository } from '../repositories/prisma-model-version-repository';
import { PrismaOrderRepository } from '../repositories/prisma-order-repository';
import { PrismaProductRepository } from '../repositories/prisma-product-repository';
import { PrismaSegmentRepository } from '../repositories/prisma-segment-repository';
import { PrismaMerchandisingRepository } from '../repositories/prisma-merchandising-repository';
import { PrismaExposureRepository } from '../repositories/prisma-exposure-repository';
import type { MerchandisingRepository } from '../types/merchandising';
import type { ExposureRepository } from '../types/exposure';
import { DEFAULT_SQLITE_URL, resolveDatabaseUrl, type DatabaseProvider, type ResolvedDatabaseUrl } from './database-url';
import { silentLogger, type DataClient, type DataLogger } from './data-client';
import { withConnectionFailuresTyped } from './database-unavailable';
import { dialectFor, type SqlDialect } from './sql-dialect';

export interface OpenDatabaseOptions {
  /** `file:<path>` (SQLite) or `postgresql://...`; defaults to the embedded `file:./data/reco.db`. */
  url?: string;
  /** Where relative SQLite paths resolve; defaults to the working directory. */
  baseDir?: string;
  logger?: DataLogger;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** The currency of a product sent without one (config DEFAULT_CURRENCY); default GBP. */
  defaultCurrency?: string;
}

/** An open database: the Prisma client, the repositories over it, and its lifecycle. */
export interface Database {
  readonly provider: DatabaseProvider;
  /** The URL with any password masked. */
  readonly url: string;
  readonly client: DataClient;
  readonly dialect: SqlDialect;
  readonly products: ProductRepository;
  readonly customers: CustomerRepository;
  readonly orders: OrderRepository;
  readonly events: EventRepository;
  readonly chats: ChatRepository;
  readonly modelVersions: ModelVersionRepository;
  /** Stored customer segments and segmentation runs (written by @reco/user-tools). */
  readonly segments: SegmentRepository;
  /** Rules, placement settings and experiments as stored JSON bodies, with their audit and revision. */
  readonly merchandising: MerchandisingRepository;
  /** Recommendation lists shown in experiments, and what their shoppers did with them. */
  readonly exposures: ExposureRepository;
  /** The Online Retail adapter (the UCI file). */
  readonly importer: OnlineRetailImporter;
  /** Applies pending migrations; returns what it applied. */
  migrate(): Promise<MigrationResult>;
  /** Resolves when the database answers a trivial query. */
  ping(signal?: AbortSignal): Promise<{ provider: DatabaseProvider; ms: number }>;
  close(): Promise<void>;
}

function createClient(provider: DatabaseProvider, target: string, poolSize: number): DataClient {
  if (provider === 'sqlite') {
    if (target !== ':memory:') mkdirSync(path.dirname(target), { recursive: true });
    return new SqlitePrismaClient({ adapter: new PrismaBetterSQLite3({ url: target, timeout: 10_000 }) });
  }
  // Same models, same query API: see DataClient.
  return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target, max: poolSize }) }) as unknown as DataClient;
}

/** The Online Retail importer's own connection to the database (see ImportConnection). */
export function openImportConnection(resolved: ResolvedDatabaseUrl): ImportConnection {
  return resolved.provider === 'sqlite' ? new SqliteImportConnection(resolved.target) : new PostgresImportConnection(resolved.target);
}

/** Opens (and, for SQLite, creates) the database named by `url`. Nothing connects until first use. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const resolved = resolveDatabaseUrl(options.url ?? DEFAULT_SQLITE_URL, options.baseDir);
  const logger = options.logger ?? silentLogger;
  // Every query throws DatabaseUnavailableError when the database cannot be reached.
  const client = withConnectionFailuresTyped(createClient(resolved.provider, resolved.target, options.poolSize ?? 10));
  const dialect = dialectFor(resolved.provider);
  if (resolved.provider === 'sqlite') {
    // WAL: readers never block the writer; NORMAL sync is durable in WAL mode except on power loss.
    await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await client.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    // Sorts and GROUP BYs of the aggregate queries stay in memory instead of temp files.
    await client.$executeRawUnsafe('PRAGMA temp_store = MEMORY');
    await client.$queryRawUnsafe('PRAGMA cache_size = -65536');
  }
  let closed = false;
  return {
    provider: resolved.provider,
    url: resolved.display,
    client,
    dialect,
    products: new PrismaProductRepository(client, dialect, options.defaultCurrency ?? 'GBP'),
    customers: new PrismaCustomerRepository(client, dialect),
    orders: new PrismaOrderRepository(client, dialect),
    events: new PrismaEventRepository(client, dialect),
    chats: new PrismaChatRepository(client),
    modelVersions: new PrismaModelVersionRepository(client),
    segments: new PrismaSegmentRepository(client, dialect),
    merchandising: new PrismaMerchandisingRepository(client, dialect),
    exposures: new PrismaExposureRepository(client, dialect),
    importer: new OnlineRetailImporter(client, () => openImportConnection(resolved)),
    migrate: () => migrate(client, resolved.provider, logger),
    async ping(signal?: AbortSignal) {
      const started = performance.now();
      signal?.throwIfAborted();
      await client.$queryRawUnsafe('SELECT 1 AS ok');
      signal?.throwIfAborted();
      return { provider: resolved.provider, ms: Math.round(performance.now() - started) };
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.$disconnect();
    },
  };
}

/** What a DI container holds under DATA_TOKENS.Database: the database, opened on the first `get()`. */
export interface DatabaseHandle {
  get(): Promise<Database>;
}
