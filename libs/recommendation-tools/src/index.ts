// Public API of @reco/recommendation-tools.
export * from './model/interaction';
export * from './model/product-codes';
export * from './evaluation/ranking-metrics';
export * from './evaluation/temporal-split';
export * from './evaluation/evaluate-ranker';
export * from './model/purchase-columns';
export * from './model/sparse-neighbours';
export * from './model/recommender-state';
export * from './model/train-recommender';
export * from './model/recommender';
export { pooledSeason } from './model/season-smoothing';
export * from './evaluation/baselines';
// Service and tool layer.
export { RECOMMENDATION_TOKENS } from './tokens';
export * from './service/recommendation-service';
export { formatEvaluation, type EvaluationRow, type HoldoutSpec } from './service/evaluation-report';
export { MODEL_FILES, modelPrefix, type StoredModel } from './service/model-store';
export { loadCatalog, ProductCatalog } from './service/product-catalog';
export { readPurchaseColumns, type ReadPurchasesOptions } from './service/purchase-reader';
export { createRecommendationTools } from './tools/recommendation-tools';
export { getRecommendationsTool } from './tools/get-recommendations.tool';
export { getSimilarProductsTool } from './tools/get-similar-products.tool';
export { getFrequentlyBoughtTogetherTool } from './tools/get-frequently-bought-together.tool';
export { getPopularProductsTool } from './tools/get-popular-products.tool';
export { recommendBatch } from './service/batch-recommend';
