import type { ToolRegistry } from '@reco/base-tools';
import { boughtTogether, getProduct, popularProducts, searchProducts, similarProducts } from '../contracts/products.contracts';
import type { ApiRoutes } from '../http/api-routes';
import { mountTool } from '../http/mount-tool';

/** Product routes: each one tool call, described by its contract. */
export function productsRoutes(router: ApiRoutes, registry: ToolRegistry): void {
  mountTool(router, registry, searchProducts);
  mountTool(router, registry, getProduct);
  mountTool(router, registry, similarProducts);
  mountTool(router, registry, boughtTogether);
  mountTool(router, registry, popularProducts);
}
