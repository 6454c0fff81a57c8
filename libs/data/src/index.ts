// Public API of @reco/data: the database (SQLite embedded default, PostgreSQL server), the open
// data model's types and repositories, migrations, and the Online Retail adapter.
export { importedDatabaseCopy, type DatabaseCopy } from './database/imported-database-copy';
export { DATA_TOKENS } from './tokens';
export { openDatabase, type Database, type DatabaseHandle, type OpenDatabaseOptions } from './database/open-database';
export type { DataClient, DataLogger } from './database/data-client';
export { DATABASE_RETRY_AFTER_SECONDS, DatabaseUnavailableError, WriteOutcomeUnknownError } from './database/database-unavailable';
export { DEFAULT_SQLITE_URL, resolveDatabaseUrl, type DatabaseProvider, type ResolvedDatabaseUrl } from './database/database-url';
export type { SqlDialect } from './database/sql-dialect';
export type { MigrationResult } from './migrations/migrator';

export type { ProductPageQuery, ProductQuery, ProductRepository } from './repositories/product-repository';
export type { CustomerRepository } from './repositories/customer-repository';
export type { OrderRepository, PopularityQuery, TimeWindow } from './repositories/order-repository';
export type { EventListOptions, EventRepository, EventWriteWithRow } from './repositories/event-repository';
export type { ChatRepository } from './repositories/chat-repository';
export type { ModelVersionRepository } from './repositories/model-version-repository';
export type { SegmentRepository } from './repositories/segment-repository';
export { purchaseBasketKey } from './repositories/purchase-basket';

export type { Product, ProductInput, ProductWriteCounts } from './types/product';
export type { Customer, CustomerInput, CustomerWriteCounts } from './types/customer';
export type { CoPurchase, CustomerAggregate, Order, OrderLine, ProductCount, Purchase } from './types/order';
export type { NewCustomerSegment, NewSegmentRun, SegmentRun, StoredCustomerSegment } from './types/segment';
export { EVENT_TYPES, type EventInput, type EventType, type EventWriteResult, type FeedbackEvent } from './types/event';
export { CHAT_ROLES, type ChatMessage, type ChatRole, type ChatSession, type NewChatMessage } from './types/chat';
export type { ModelVersion, NewModelVersion } from './types/model-version';
export {
  MERCHANDISING_KINDS,
  MerchandisingConflictError,
  type MerchandisingAction,
  type MerchandisingChange,
  type MerchandisingKind,
  type MerchandisingObject,
  type MerchandisingPutOptions,
  type MerchandisingRepository,
} from './types/merchandising';
export type { ArmExposureTotals, ArmOutcomes, AttributionOptions, ExposureInput, ExposureRepository } from './types/exposure';

export { ImportFileError, type ImportProgress } from './import/import-file';
// The Online Retail (UCI) adapter.
export { OnlineRetailImporter, type ImportOptions } from './import/online-retail/online-retail-importer';
export { ImportAttemptRemovedError } from './import/online-retail/import-staging';
export { formatImportSummary, type DatabaseCounts, type ImportSummary, type RejectedRow } from './import/online-retail/import-summary';
export { isFeeDescription, isMerchandiseCode } from './import/online-retail/merchandise';
export { parseOnlineRetailRecord, parseShopTime, type OnlineRetailRow, type RejectReason } from './import/online-retail/online-retail-row';
export { SAMPLE_CSV } from './sample';

// Open-format records (products, customers, events): one validation for HTTP bodies and files.
export { ProductRecord } from './records/product-record';
export { CustomerRecord } from './records/customer-record';
export { EventRecord } from './records/event-record';
export { RECORD_LIMITS, RecordIdSchema } from './records/record-fields';
export { CategoryFilterSchema, categoryKey, inCategory } from './records/category-path';
export { checkRecord, fieldErrorsOf, type FieldError, type RecordCheck } from './records/field-errors';
export { checkFileRecord, FILE_RECORD_KINDS, type FileRecordKind, type FileRecordKindName } from './records/file-record';
// The open-format file importers.
export { OpenFormatImporter, type OpenFormatImportOptions, type OpenFormatRepositories } from './import/open-format/open-format-importer';
export { formatOpenFormatSummary, type OpenFormatImportSummary, type RejectedLine } from './import/open-format/open-format-summary';
