export { reciprocalRank, scoreRelevance, type LabelledSearch, type RelevanceScore } from './relevance-score';
export { SHOPPER_QUERIES, SHOPPER_QUERY_KINDS, type ShopperQuery, type ShopperQueryKind } from './shopper-queries';
