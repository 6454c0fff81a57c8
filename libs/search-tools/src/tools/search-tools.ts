import type { AnyTool } from '@reco/base-tools';
import type { ProductCatalog } from '../catalog/product-catalog';
import type { SearchIndex } from '../search-index/search-index';
import { createGetProductTool } from './get-product.tool';
import { createGetProductsTool } from './get-products.tool';
import { createListCategoriesTool } from './list-categories.tool';
import { createListProductIdsTool } from './list-product-ids.tool';
import { createSearchProductsTool } from './search-products.tool';

/** The tools of this lib, for registration on a ToolRegistry. */
export function createSearchTools(index: SearchIndex, catalog: ProductCatalog): AnyTool[] {
  return [
    createSearchProductsTool(index),
    createGetProductTool(catalog),
    createGetProductsTool(catalog),
    createListCategoriesTool(index),
    createListProductIdsTool(index),
  ] as AnyTool[];
}
