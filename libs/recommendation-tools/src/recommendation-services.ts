import type { AsyncCache } from '@reco/async-cache';
import type { ToolLogger } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import type { AsyncExecutor } from '@reco/executor';
import type { ObjectStore } from '@reco/object-store';
import { ExperimentReports } from './experiments/experiment-report';
import { ExposureLog, type ExposureLogOptions } from './experiments/exposure-log';
import { LiveFeedback } from './feedback/live-feedback';
import { MerchandisingAdmin } from './merchandising/merchandising-admin';
import { MerchandisingStore } from './merchandising/merchandising-store';
import { PlacementService } from './placements/placement-service';
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
  /** Told after this process wrote a rule, placement or experiment, so the runtime can tell the other instances (`merchandising.invalidate()` there). */
  onMerchandisingChanged?: () => void;
}

export interface MerchandisingOptions {
  /** How often the merchandising revision is compared at most. Default 500 ms (another instance's change shows within 1 s). */
  merchandisingPollMs?: number;
  /** Batching of the exposure log (flush every 1 s or 500 rows by default). */
  exposureLog?: ExposureLogOptions;
}

export type RecommendationOptions = ModelRegistryOptions & RecommenderTrainerOptions & RecommendationServiceOptions & MerchandisingOptions;

/** The parts of the recommender over one set of dependencies. */
export interface RecommendationServices {
  registry: ModelRegistry;
  trainer: RecommenderTrainer;
  /** The model's lists (no merchandising): the CLI, batch jobs and benchmarks. */
  service: RecommendationService;
  feedback: LiveFeedback;
  /** Every list a shopper sees: placements and the plain routes, with rules, diversity and experiments (the tools use it). */
  placements: PlacementService;
  /** Rules, placements and experiments as served; `invalidate()` on another instance's signal. */
  merchandising: MerchandisingStore;
  /** The admin API's CRUD and audit over them. */
  merchandisingAdmin: MerchandisingAdmin;
  /** Exposures of experiment answers, batched off the request path: `close()` at shutdown writes what is left. */
  exposures: ExposureLog;
  experimentReports: ExperimentReports;
}

/** Builds them all at once; this registers the worker tasks, so call it before the pool's first run. */
export function createRecommendationServices(deps: RecommendationDeps, options: RecommendationOptions = {}): RecommendationServices {
  const { database, objectStore, executor, cache, logger } = deps;
  const registry = new ModelRegistry(
    { database, objectStore, executor, logger, onActivated: deps.onModelActivated },
    { modelName: options.modelName, refreshMs: options.refreshMs, catalogRefreshMs: options.catalogRefreshMs, versionModels: options.versionModels },
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
  const merchandising = new MerchandisingStore({ database, logger, onChanged: deps.onMerchandisingChanged, pollMs: options.merchandisingPollMs });
  const merchandisingAdmin = new MerchandisingAdmin({ database, store: merchandising, logger, modelName: registry.modelName });
  const exposures = new ExposureLog({ database, logger }, options.exposureLog);
  const experimentReports = new ExperimentReports({ database });
  const placements = new PlacementService({ service, database, merchandising, exposures, logger });
  return { registry, trainer, service, feedback, placements, merchandising, merchandisingAdmin, exposures, experimentReports };
}
