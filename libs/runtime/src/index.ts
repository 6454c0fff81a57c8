export { ConfigError, ConfigSchema, loadConfig, type AppConfig } from './config';
export { createLogger } from './logger';
export { runHealthChecks, type HealthCheck, type HealthReport } from './health-check';
export { RUNTIME_TOKENS, type AfterImportHook, type CatalogChangeListener, type Disposable, type FeedbackListener } from './tokens';
export { runAfterImport, runAfterImportHooks, type AfterImportReport } from './after-import';
export { DataImport, dataImportOf, type DataImportDeps, type DataImportOptions, type DataImportResult } from './data-import';
export { createContainer, disposeContainer, resolveAllOrNone, type CompositionOptions } from './composition-root';
export { ShopFeed, type ShopFeedDeps } from './shop-feed/shop-feed';
export {
  BatchTooLargeError,
  EventIdConflictError,
  SHOP_FEED_MAX_BATCH,
  type AcceptedRecord,
  type EventBatchResult,
  type RecordBatchResult,
  type RecordedEvent,
  type RefusedEvent,
  type RefusedRecord,
  type WriteOutcome,
} from './shop-feed/batch-results';
export { startJobConsumer } from './jobs/job-consumer';
export { registerJobMetrics } from './jobs/job-metrics';
export { JOB_KINDS, STARTABLE_JOB_KINDS, type StartableJobKind } from './jobs/job-handlers';
export { createAdminTools, IMPORT_DATA, JobViewSchema, MAX_WAIT_SECONDS, ObjectKeySchema, TRAIN_MODEL, type AdminToolDeps } from './admin-tools/admin-tools';
export { runImportJob, submitImportJob, uploadObjectKey, type ImportJobDeps } from './jobs/import-job';
export { LocalClusterSignals, RedisClusterSignals, type ClusterSignal, type ClusterSignals } from './jobs/cluster-signals';
