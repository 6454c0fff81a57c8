// Public API of @reco/data: the database (SQLite embedded default, PostgreSQL server), its
// repositories, migrations and the Online Retail importer.
export { importedDatabaseCopy, type DatabaseCopy } from './database/imported-database-copy';
export { DATA_TOKENS } from './tokens';
export { openDatabase, type Database, type DatabaseHandle, type OpenDatabaseOptions } from './database/open-database';
export type { DataClient, DataLogger } from './database/data-client';
export { DEFAULT_SQLITE_URL, resolveDatabaseUrl, type DatabaseProvider, type ResolvedDatabaseUrl } from './database/database-url';
export type { SqlDialect } from './database/sql-dialect';
export type { MigrationResult } from './migrations/migrator';

export type { ProductQuery, ProductRepository } from './repositories/product-repository';
export type { CustomerRepository } from './repositories/customer-repository';
export type { OrderRepository, PopularityQuery, TimeWindow } from './repositories/order-repository';
export type { EventRepository } from './repositories/event-repository';
export type { ChatRepository } from './repositories/chat-repository';
export type { ModelVersionRepository } from './repositories/model-version-repository';
export type { SegmentRepository } from './repositories/segment-repository';

export type { Product } from './types/product';
export type { Customer } from './types/customer';
export type { CoPurchase, CustomerAggregate, Order, OrderLine, ProductCount, Purchase } from './types/order';
export type { NewCustomerSegment, NewSegmentRun, SegmentRun, StoredCustomerSegment } from './types/segment';
export { EVENT_TYPES, type EventType, type FeedbackEvent, type NewFeedbackEvent } from './types/event';
export { CHAT_ROLES, type ChatMessage, type ChatRole, type ChatSession, type NewChatMessage } from './types/chat';
export type { ModelVersion, NewModelVersion } from './types/model-version';

export { OnlineRetailImporter, ImportFileError, type ImportOptions, type ImportProgress } from './import/online-retail-importer';
export { formatImportSummary, type DatabaseCounts, type ImportSummary, type RejectedRow } from './import/import-summary';
export { isMerchandiseCode } from './import/merchandise';
export { parseOnlineRetailRecord, parseShopTime, type OnlineRetailRow, type RejectReason } from './import/online-retail-row';
export { SAMPLE_CSV } from './sample';
