// Research entry (@reco/recommendation-tools/model): the model internals the
// experiments in research/ build on. The product must not import this subpath;
// it uses the lib's index.
export {
  DAY_MS,
  DEFAULT_INTERACTION_WEIGHTS,
  timeOf,
  type Interaction,
  type InteractionKind,
  type InteractionWeights,
} from './model/interaction';
export { decay } from './model/decay';
// The Online Retail file's stock-code rule (the experiments read that file; the product reads
// the catalogue's `recommendable`).
export { isMerchandiseCode } from '@reco/data';
export { ndcgAtK, recallAtK } from './evaluation/ranking-metrics';
export {
  evaluationCases,
  temporalSplit,
  type EvaluationCase,
  type EvaluationMode,
  type TemporalSplit,
  type TemporalSplitOptions,
} from './evaluation/temporal-split';
export { evaluateRanker, type EvaluationResult, type Ranker } from './evaluation/evaluate-ranker';
export { popularityRanker, repeatThenPopularityRanker } from './evaluation/baselines';
export { INTERACTION_KINDS, toPurchaseColumns, type InteractionColumns, type PurchaseColumns } from './model/purchase-columns';
export type { InteractionHistories } from './model/interaction-rows';
export { topNeighbours, type SparseNeighbours } from './model/sparse-neighbours';
export { pooledSeason } from './model/season-smoothing';
export {
  DEFAULT_TRAINING_OPTIONS,
  type CustomerHistories,
  type DailySales,
  type RecommenderState,
  type TrainingOptions,
} from './model/recommender-state';
export { fitRecommender } from './model/fit-recommender';
export { ColumnsBuilder } from './training/columns-builder';
export { DEFAULT_TRAINING_LIMITS, planTraining, type TrainingLimits } from './model/training-plan';
export { Recommender } from './model/recommender';
export {
  DEFAULT_BLEND,
  type BlendWeights,
  type LiveEvent,
  type PopularOptions,
  type ProductInfo,
  type RankedItem,
  type RecommendOptions,
} from './model/recommender-options';
