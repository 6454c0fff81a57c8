import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { createRecommendationTools, RECOMMENDATION_TOKENS, RecommendationService } from '@reco/recommendation-tools';
import type { AppConfig } from '../config';
import { RUNTIME_TOKENS } from '../tokens';

/** Registers the recommender models, training, and their tools (@reco/recommendation-tools): services, tools, tasks, health checks. */
export function registerRecommendationsModule(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  // Built now, not on first resolve: its worker tasks must be registered before the pool's first run.
  const service = new RecommendationService(
    {
      database: container.resolve<DatabaseHandle>(DATA_TOKENS.Database),
      objectStore: container.resolve(RUNTIME_TOKENS.ObjectStore),
      executor: container.resolve(RUNTIME_TOKENS.Executor),
      cache: container.resolve(RUNTIME_TOKENS.Cache),
      logger: logger.child({ lib: 'recommendation-tools' }),
    },
    {
      modelName: config.RECO_MODEL_NAME,
      cacheTtlMs: config.RECO_CACHE_TTL_MS,
      refreshMs: config.RECO_MODEL_REFRESH_MS,
      holdoutDays: config.RECO_HOLDOUT_DAYS,
      trainTimeoutMs: config.EXECUTOR_TASK_TIMEOUT_MS,
    },
  );
  container.register(RECOMMENDATION_TOKENS.Service, { useValue: service });
  container.resolve(RUNTIME_TOKENS.ToolRegistry).register(...createRecommendationTools(service));
  container.register(RUNTIME_TOKENS.HealthChecks, {
    useValue: {
      name: 'recommender',
      // The first check starts the service (logs the TF.js backend, loads the model). No model is
      // not a failure: the popularity fallback answers, and it shows as loaded: false.
      check: async () => ({ ...(await service.start(), service.status()) }),
    },
  });
}
