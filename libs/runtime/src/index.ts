export { ConfigError, ConfigSchema, loadConfig, type AppConfig } from './config';
export { createLogger } from './logger';
export { runHealthChecks, type HealthCheck, type HealthReport } from './health-check';
export { RUNTIME_TOKENS, type AfterImportHook, type CatalogChangeListener, type Disposable } from './tokens';
export { runAfterImport, runAfterImportHooks, type AfterImportReport } from './after-import';
export { DataImport, dataImportOf, type DataImportDeps, type DataImportOptions, type DataImportResult } from './data-import';
export { createContainer, disposeContainer, resolveAllOrNone, type CompositionOptions } from './composition-root';
