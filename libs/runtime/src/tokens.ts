import type { InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import type { ToolRegistry } from '@reco/base-tools';
import type { AsyncCache } from '@reco/async-cache';
import type { AsyncExecutor } from '@reco/executor';
import type { FeedbackEvent } from '@reco/data';
import type { JobQueue } from '@reco/jobs';
import type { ObjectStore } from '@reco/object-store';
import type { ExperimentReports, MerchandisingAdmin } from '@reco/recommendation-tools';
import type { AppConfig } from './config';
import type { HealthCheck } from './health-check';
import type { ClusterSignals } from './jobs/cluster-signals';
import type { ShopFeed } from './shop-feed/shop-feed';

/** Container tokens for everything the composition root registers. */
export const RUNTIME_TOKENS = {
  Config: Symbol('Config') as InjectionToken<AppConfig>,
  Logger: Symbol('Logger') as InjectionToken<Logger>,
  ToolRegistry: Symbol('ToolRegistry') as InjectionToken<ToolRegistry>,
  HealthChecks: Symbol('HealthChecks') as InjectionToken<HealthCheck>,
  Cache: Symbol('Cache') as InjectionToken<AsyncCache>,
  ObjectStore: Symbol('ObjectStore') as InjectionToken<ObjectStore>,
  /** Worker-thread pool; libs register their tasks on it while the container is built. */
  Executor: Symbol('Executor') as InjectionToken<AsyncExecutor>,
  /** Work that must follow a data import (segments, search index, caches); see runAfterImport. */
  AfterImportHooks: Symbol('AfterImportHooks') as InjectionToken<AfterImportHook>,
  /** Told after products were created, changed or hidden through the API or a file (search, recommendations). */
  CatalogChangeListeners: Symbol('CatalogChangeListeners') as InjectionToken<CatalogChangeListener>,
  /** Told after events were stored through the API, so cached answers they change are dropped (recommendations, profiles). */
  FeedbackListeners: Symbol('FeedbackListeners') as InjectionToken<FeedbackListener>,
  /** The shop's writes (products, customers, events): checked per record, stored, then the listeners are told. */
  ShopFeed: Symbol('ShopFeed') as InjectionToken<ShopFeed>,
  /** Long work as jobs: in this process or BullMQ on Redis (JOB_QUEUE). */
  JobQueue: Symbol('JobQueue') as InjectionToken<JobQueue>,
  /** Tells the other instances of the deployment about a new active model or a search rebuild. */
  ClusterSignals: Symbol('ClusterSignals') as InjectionToken<ClusterSignals>,
  /** Rules, placements and experiments: validated, audited writes (the admin API). */
  MerchandisingAdmin: Symbol('MerchandisingAdmin') as InjectionToken<MerchandisingAdmin>,
  /** Experiment reports from the logged exposures and attributed events. */
  ExperimentReports: Symbol('ExperimentReports') as InjectionToken<ExperimentReports>,
  /** Cleanup run on shutdown, in reverse order of registration. */
  Disposables: Symbol('Disposables') as InjectionToken<Disposable>,
} as const;

export interface AfterImportHook {
  readonly name: string;
  run(): Promise<Record<string, unknown> | void>;
}

/**
 * Brings a lib's in-memory view of the catalogue (search index, recommendation snapshot) up to
 * date after a write, so a new, changed or hidden product shows in its answers at once.
 */
export interface CatalogChangeListener {
  readonly name: string;
  productsChanged(productIds: readonly string[]): Promise<void>;
}

/**
 * Drops what newly stored events change in a lib's cached answers (a customer's recommendations,
 * a customer's profile), so its next answer takes them into account at once. It gets each event
 * as stored (a session that signed in already carries its customer).
 */
export interface FeedbackListener {
  readonly name: string;
  eventsRecorded(events: readonly FeedbackEvent[]): Promise<void>;
}

export interface Disposable {
  readonly name: string;
  dispose(): Promise<void>;
}
