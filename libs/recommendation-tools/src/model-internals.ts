// Research entry (@reco/recommendation-tools/model): the model internals the
// experiments in research/ build on. The product must not import this subpath;
// it uses the lib's index.
export { DAY_MS, timeOf, type Interaction, type InteractionKind } from './model/interaction';
export { decay } from './model/decay';
export { isMerchandiseCode } from './model/product-codes';
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
export { toPurchaseColumns, type PurchaseColumns } from './model/purchase-columns';
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
