import type { ApiRoutes } from '../http/api-routes';
import type { ToolRegistry } from '@reco/base-tools';
import { boughtTogether, getProduct, popularProducts, searchProducts, similarProducts } from '../contracts/products.contracts';
import { invokeTool } from '../http/invoke-tool';
import { mount } from '../http/typed-handler';

/** Product routes: each one tool call. */
export function productsRoutes(router: ApiRoutes, registry: ToolRegistry): void {

  mount(router, searchProducts, ({ query: { q, ...rest }, req }) => invokeTool(registry, req, 'search_products', { query: q, ...rest }));
  mount(router, getProduct, ({ params, req }) => invokeTool(registry, req, 'get_product', { productId: params.id }));
  mount(router, similarProducts, ({ params, query, req }) => invokeTool(registry, req, 'get_similar_products', { productId: params.id, k: query.k }));
  mount(router, boughtTogether, ({ params, query, req }) =>
    invokeTool(registry, req, 'get_frequently_bought_together', { productId: params.id, k: query.k }),
  );
  mount(router, popularProducts, ({ query, req }) => invokeTool(registry, req, 'get_popular_products', query));
}
