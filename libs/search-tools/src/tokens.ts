import type { InjectionToken } from 'tsyringe';
import type { ProductCatalog } from './catalog/product-catalog';
import type { SearchIndex } from './search-index/search-index';

/** Container tokens of @reco/search-tools (registered by @reco/runtime's search module). */
export const SEARCH_TOKENS = {
  Index: Symbol('SearchIndex') as InjectionToken<SearchIndex>,
  /** Cached, batched product lookups. */
  ProductCatalog: Symbol('ProductCatalog') as InjectionToken<ProductCatalog>,
} as const;
