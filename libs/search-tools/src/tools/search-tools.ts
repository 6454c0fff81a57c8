import type { AnyTool } from '@reco/base-tools';
import type { ProductCatalog } from '../catalog/product-catalog';
import type { SearchIndex } from '../search-index/search-index';
import { createGetProductTool } from './get-product.tool';
import { createGetProductsTool } from './get-products.tool';
import { createSearchProductsTool } from './search-products.tool';

/** The three tools of this lib, for registration on a ToolRegistry. */
export function createSearchTools(index: SearchIndex, catalog: ProductCatalog): AnyTool[] {
  return [createSearchProductsTool(index), createGetProductTool(catalog), createGetProductsTool(catalog)] as AnyTool[];
}
