export { ConfigError, ConfigSchema, loadConfig, type AppConfig } from './config';
export { createLogger } from './logger';
export { runHealthChecks, type HealthCheck, type HealthReport } from './health-check';
export { RUNTIME_TOKENS, type AfterImportHook, type Disposable } from './tokens';
export { runAfterImport, type AfterImportReport } from './after-import';
export { createContainer, disposeContainer, resolveAllOrNone, type CompositionOptions } from './composition-root';
