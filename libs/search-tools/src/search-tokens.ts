/** Container token of the SearchIndex (registered by @reco/runtime's search module). */
export const SEARCH_INDEX = Symbol('SearchIndex');
/** Container token of the ProductCatalog (cached, batched product lookups). */
export const PRODUCT_CATALOG = Symbol('ProductCatalog');
