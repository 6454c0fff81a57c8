// Public API of @reco/recommendation-tools: what the apps, the runtime and the benchmarks use.
// The model internals the research experiments build on are the `./model` subpath
// (model-internals.ts), not this index.
export { RECOMMENDATION_TOKENS } from './tokens';
export {
  createRecommendationServices,
  type MerchandisingOptions,
  type RecommendationDeps,
  type RecommendationOptions,
  type RecommendationServices,
} from './recommendation-services';
// The model registry: which version is active and served.
export {
  ModelRegistry,
  UnknownModelVersionError,
  type ActiveModel,
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
  type ServeWith,
} from './service/recommendation-service';
export { MAX_K, type PopularArgs, type RecommendArgs, type SessionRecommendArgs } from './service/recommend-args';
// Placements: every list a shopper sees, with the shop's merchandising and experiments.
export { PlacementService, type PlacementServiceDeps, type PlainRouteOptions } from './placements/placement-service';
export { PlacementInputError, UnknownPlacementError } from './placements/placement-errors';
export type { PlacementRequest } from './placements/placement-request';
export { PlacementRecommendationListSchema, type PlacementRecommendationList } from './schemas/placement-recommendation-list';
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
// Merchandising: rules, placements, diversity (schemas shared with the admin API and the dashboard).
export {
  ArmConfigSchema,
  ArmSchema,
  DiversitySchema,
  EXPERIMENT_STATES,
  ExperimentInputSchema,
  PlacementConfigSchema,
  PlacementNameSchema,
  RecommendationFiltersSchema,
  RULE_KINDS,
  RuleIdSchema,
  RuleInputSchema,
  RuleMatchSchema,
  STRATEGIES,
  StrategySchema,
  TagFilterSchema,
  type Arm,
  type ArmConfig,
  type Diversity,
  type Experiment,
  type ExperimentInput,
  type Placement,
  type PlacementConfig,
  type RecommendationFilters,
  type Rule,
  type RuleInput,
  type RuleKind,
  type RuleMatch,
  type Strategy,
} from './merchandising/merchandising-schemas';
export { activeRules, isActive, ruleMatches, type ActiveRulesScope } from './merchandising/rule-matching';
export { candidateFilter } from './merchandising/candidate-filter';
export { arrangeList, type ArrangeOptions } from './merchandising/arrange-list';
export { allPlacements, BUILT_IN_PLACEMENTS, isBuiltInPlacement, placementNamed } from './merchandising/built-in-placements';
export { MerchandisingStore, type MerchandisingSnapshot, type MerchandisingStoreDeps } from './merchandising/merchandising-store';
export {
  ExperimentRunningError,
  MerchandisingAdmin,
  MerchandisingNotFoundError,
  type AuditQuery,
  type MerchandisingAdminDeps,
} from './merchandising/merchandising-admin';
// Experiments: assignment, exposures, reports.
export { assignArm, experimentFor, shopperKey } from './experiments/arm-assignment';
export { ExposureLog, type ExposureLogLogger, type ExposureLogOptions, type ExposureLogStats } from './experiments/exposure-log';
export { buildExperimentReport, controlArm, ExperimentReports } from './experiments/experiment-report';
export type { ArmReport, Estimate, ExperimentReport } from './experiments/experiment-report.types';
export { meanInterval, plannedExposuresPerArm, twoProportionZTest, wilsonInterval, type ProportionTest } from './experiments/experiment-statistics';
// Tools, and their input schemas (the HTTP routes derive theirs from them).
export { createRecommendationTools } from './tools/recommendation-tools';
export { GetRecommendationsInput } from './tools/get-recommendations.tool';
export { GetSessionRecommendationsInput } from './tools/get-session-recommendations.tool';
export { ProductNeighboursInput } from './tools/get-similar-products.tool';
export { GetPopularProductsInput } from './tools/get-popular-products.tool';
export { GetPlacementRecommendationsInput } from './tools/get-placement-recommendations.tool';
export { IdentifiedProductListSchema } from './tools/recommendation-filters';
