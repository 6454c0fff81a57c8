import type { AsyncCache } from '@reco/async-cache';
import type { ToolLogger } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import type { AsyncExecutor } from '@reco/executor';
import type { ObjectStore } from '@reco/object-store';
import { LiveFeedback } from './feedback/live-feedback';
import { ModelRegistry, type ModelRegistryOptions } from './registry/model-registry';
import { RecommendationService, type RecommendationServiceOptions } from './service/recommendation-service';
import { RecommenderTrainer, type RecommenderTrainerOptions } from './training/recommender-trainer';

export interface RecommendationDeps {
  database: DatabaseHandle;
  objectStore: ObjectStore;
  executor: AsyncExecutor;
  cache: AsyncCache;
  logger?: ToolLogger;
  /** Told after a model version was made active in this process (see ModelRegistryDeps.onActivated). */
  onModelActivated?: (name: string, version: string) => void;
}

export type RecommendationOptions = ModelRegistryOptions & RecommenderTrainerOptions & RecommendationServiceOptions;

/** The four parts of the recommender over one set of dependencies. */
export interface RecommendationServices {
  registry: ModelRegistry;
  trainer: RecommenderTrainer;
  service: RecommendationService;
  feedback: LiveFeedback;
}

/** Builds them all at once; this registers the worker tasks, so call it before the pool's first run. */
export function createRecommendationServices(deps: RecommendationDeps, options: RecommendationOptions = {}): RecommendationServices {
  const { database, objectStore, executor, cache, logger } = deps;
  const registry = new ModelRegistry(
    { database, objectStore, executor, logger, onActivated: deps.onModelActivated },
    { modelName: options.modelName, refreshMs: options.refreshMs, catalogRefreshMs: options.catalogRefreshMs },
  );
  const trainer = new RecommenderTrainer(
    { database, objectStore, executor, registry, logger },
    { trainTimeoutMs: options.trainTimeoutMs, holdoutDays: options.holdoutDays, trainingOptions: options.trainingOptions, trainingLimits: options.trainingLimits },
  );
  const feedback = new LiveFeedback({ database, cache });
  const service = new RecommendationService(
    { database, cache, registry },
    { cacheTtlMs: options.cacheTtlMs, precomputeDepth: options.precomputeDepth, precomputedTtlMs: options.precomputedTtlMs },
  );
  return { registry, trainer, service, feedback };
}
