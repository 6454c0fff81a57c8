import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { createRecommendationServices, createRecommendationTools, RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import type { AppConfig } from '../config';
import { RUNTIME_TOKENS } from '../tokens';

/**
 * Registers the recommender (@reco/recommendation-tools): model registry, trainer, serving, live
 * feedback, merchandising (rules, placements, experiments) and its exposure log, tools, health
 * check, and a catalogue listener that brings its products snapshot up to date after catalogue writes.
 */
export function registerRecommendationsModule(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  const signals = container.resolve(RUNTIME_TOKENS.ClusterSignals);
  const log = logger.child({ lib: 'recommendation-tools' });
  // Built now, not on first resolve: their worker tasks must be registered before the pool's first run.
  const { registry, trainer, service, feedback, placements, merchandising, merchandisingAdmin, exposures, experimentReports } = createRecommendationServices(
    {
      database: container.resolve<DatabaseHandle>(DATA_TOKENS.Database),
      objectStore: container.resolve(RUNTIME_TOKENS.ObjectStore),
      executor: container.resolve(RUNTIME_TOKENS.Executor),
      cache: container.resolve(RUNTIME_TOKENS.Cache),
      logger: log,
      onModelActivated: (name, version) => void signals.publish({ type: 'model-activated', name, version }),
      // A rule, placement or experiment written here: every other instance re-reads at once.
      onMerchandisingChanged: () => void signals.publish({ type: 'merchandising-changed' }),
    },
    {
      modelName: config.RECO_MODEL_NAME,
      cacheTtlMs: config.RECO_CACHE_TTL_MS,
      precomputeDepth: config.RECO_PRECOMPUTE_DEPTH,
      precomputedTtlMs: config.RECO_PRECOMPUTE_TTL_MS,
      refreshMs: config.RECO_MODEL_REFRESH_MS,
      catalogRefreshMs: config.RECO_CATALOG_REFRESH_MS,
      merchandisingPollMs: config.RECO_MERCHANDISING_POLL_MS,
      holdoutDays: config.RECO_HOLDOUT_DAYS,
      trainTimeoutMs: config.EXECUTOR_TASK_TIMEOUT_MS,
      trainingOptions: { interactionWeights: config.INTERACTION_WEIGHTS },
      trainingLimits: { maxMemoryMb: config.TRAIN_MAX_MEMORY_MB, easeMaxItems: config.TRAIN_EASE_MAX_ITEMS },
    },
  );
  container.register(RECOMMENDATION_TOKENS.Registry, { useValue: registry });
  // Another instance (a worker that trained, a backend an admin used) activated a version: load it now.
  signals.subscribe((signal) => {
    if (signal.type !== 'model-activated' || signal.name !== registry.modelName) return;
    log.info({ name: signal.name, version: signal.version }, 'another instance activated a model version: loading it');
    registry.refresh().catch((err: unknown) => log.error({ err }, 'loading the newly activated model failed; the next poll retries'));
  });
  // Another instance wrote merchandising: compare the revision at the next list, not at the next poll.
  signals.subscribe((signal) => {
    if (signal.type === 'merchandising-changed') merchandising.invalidate();
  });
  container.register(RECOMMENDATION_TOKENS.Trainer, { useValue: trainer });
  container.register(RECOMMENDATION_TOKENS.Service, { useValue: service });
  container.register(RECOMMENDATION_TOKENS.Feedback, { useValue: feedback });
  container.register(RECOMMENDATION_TOKENS.Placements, { useValue: placements });
  container.register(RUNTIME_TOKENS.MerchandisingAdmin, { useValue: merchandisingAdmin });
  container.register(RUNTIME_TOKENS.ExperimentReports, { useValue: experimentReports });
  // Registered after the database, so disposed before it: exposures still buffered are written first.
  container.register(RUNTIME_TOKENS.Disposables, { useValue: { name: 'exposure-log', dispose: () => exposures.close() } });
  container.resolve(RUNTIME_TOKENS.ToolRegistry).register(...createRecommendationTools({ service, placements }));
  // A new, changed or hidden product shows in (or leaves) every answer at once, without retraining.
  container.register(RUNTIME_TOKENS.CatalogChangeListeners, {
    useValue: { name: 'recommendations', productsChanged: (productIds) => registry.productsChanged(productIds) },
  });
  // Events stored through the shop feed re-rank their customers' next answers (sessions are not cached).
  container.register(RUNTIME_TOKENS.FeedbackListeners, {
    useValue: { name: 'recommendations', eventsRecorded: (events) => feedback.eventsRecorded(events) },
  });
  container.register(RUNTIME_TOKENS.HealthChecks, {
    useValue: {
      name: 'recommender',
      // The first check starts the registry (logs the TF.js backend, loads the model). No model is
      // not a failure: the popularity fallback answers, and it shows as loaded: false.
      check: async () => ({ ...(await registry.start(), registry.status()) }),
    },
  });
}
