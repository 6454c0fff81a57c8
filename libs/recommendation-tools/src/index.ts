// Public API of @reco/recommendation-tools: what the apps, the runtime and the benchmarks use.
// The model internals the research experiments build on are the `./model` subpath
// (model-internals.ts), not this index.
export { RECOMMENDATION_TOKENS } from './tokens';
export {
  createRecommendationServices,
  type RecommendationDeps,
  type RecommendationOptions,
  type RecommendationServices,
} from './recommendation-services';
// The model registry: which version is active and served.
export {
  ModelRegistry,
  UnknownModelVersionError,
  type ModelRegistryDeps,
  type ModelRegistryOptions,
  type ModelStatus,
} from './registry/model-registry';
// Training and evaluation.
export {
  RecommenderTrainer,
  type EvaluationOutcome,
  type RecommenderTrainerDeps,
  type RecommenderTrainerOptions,
  type TrainArgs,
  type TrainOutcome,
} from './training/recommender-trainer';
export { formatEvaluation, type EvaluationRow, type HoldoutSpec } from './training/evaluation-report';
// Serving.
export {
  RecommendationService,
  UnknownProductError,
  type RecommendationServiceDeps,
  type RecommendationServiceOptions,
} from './service/recommendation-service';
export { MAX_K, type PopularArgs, type RecommendArgs, type SessionRecommendArgs } from './service/recommend-args';
export type { PrecomputeOptions, PrecomputeOutcome } from './service/precomputed-lists';
export { SessionIdSchema, SessionRecommendationListSchema, type SessionRecommendationList } from './schemas/session-recommendation-list';
// Training inputs: how much a view, a cart and a purchase count (INTERACTION_WEIGHTS).
export { DEFAULT_INTERACTION_WEIGHTS, type InteractionWeights } from './model/interaction';
export type { TrainingOptions } from './model/recommender-state';
export { DEFAULT_TRAINING_LIMITS, TrainingMemoryError, type TrainingLimits } from './model/training-plan';
export type { ItemModelInfo } from './model/item-neighbours';
export { recommendBatch } from './service/batch-recommend';
// Live feedback.
export { LiveFeedback, type LiveEventInput, type LiveFeedbackDeps } from './feedback/live-feedback';
// Tools, and their input schemas (the HTTP routes derive theirs from them).
export { createRecommendationTools } from './tools/recommendation-tools';
export { GetRecommendationsInput } from './tools/get-recommendations.tool';
export { GetSessionRecommendationsInput } from './tools/get-session-recommendations.tool';
export { ProductNeighboursInput } from './tools/get-similar-products.tool';
export { GetPopularProductsInput } from './tools/get-popular-products.tool';
