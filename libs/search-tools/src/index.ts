// Public API of @reco/search-tools: the product search index (lexical + vector, fused), cached
// product lookups, and the tools over them.
export { SEARCH_TOKENS } from './tokens';
export type {
  MatchKind,
  ProductSearchHit,
  ProductSearchPage,
  ProductSearchQuery,
  SearchIndex,
  SearchIndexStatus,
} from './search-index/search-index';
export { InProcessSearchIndex, type InProcessSearchIndexOptions } from './search-index/in-process-search-index';
export { recommendableProductPages, type ProductSource } from './search-index/catalogue-pages';
export { SEARCH_BUILD_TASK } from './search-index/snapshot-builder';
export type { ProductChangeSource } from './search-index/product-changes';
export { DEFAULT_FUSION_SETTINGS, reciprocalRankFusion, type FusionSettings, type RankedList } from './search-index/rank-fusion';
export { catalogueFingerprint } from './search-index/catalogue-fingerprint';
export { tokenize } from './search-index/text-normalizer';
export type { EmbeddingProvider } from './embeddings/embedding-provider';
export { OpenAiEmbeddingProvider, type OpenAiEmbeddingOptions } from './embeddings/openai-embedding-provider';
export { DescriptionEmbeddings, type DescriptionEmbeddingsOptions } from './embeddings/description-embeddings';
export { ProductCatalog, type ProductCatalogOptions } from './catalog/product-catalog';
export { createSearchTools } from './tools/search-tools';
export {
  createSearchProductsTool,
  SearchProductsInput,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_OFFSET,
} from './tools/search-products.tool';
export { createGetProductTool, GetProductInput } from './tools/get-product.tool';
export { createGetProductsTool, GET_PRODUCTS_MAX_IDS, GetProductsInput } from './tools/get-products.tool';
export { CategoryCountSchema, createListCategoriesTool, ListCategoriesInput } from './tools/list-categories.tool';
export {
  createListProductIdsTool,
  LIST_PRODUCT_IDS_DEFAULT_LIMIT,
  LIST_PRODUCT_IDS_MAX_LIMIT,
  ListProductIdsInput,
} from './tools/list-product-ids.tool';
export type { CategoryCount, ProductIdMatch, ProductIdPage } from './search-index/catalogue-overview';
