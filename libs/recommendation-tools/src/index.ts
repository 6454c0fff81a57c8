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
export * from './evaluation/baselines';
