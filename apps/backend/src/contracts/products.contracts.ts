import { GetPopularProductsInput, ProductNeighboursInput } from '@reco/recommendation-tools';
import { GetProductInput, SEARCH_MAX_LIMIT, SearchProductsInput } from '@reco/search-tools';
import { defineToolRoute } from '../http/tool-route';

export const searchProducts = defineToolRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/search',
  summary: 'Search products by text, with an optional price range',
  tag: 'products',
  access: 'authenticated',
  tool: 'search_products',
  input: SearchProductsInput,
  renamed: { q: 'query' },
  // The API's page size predates the tool's (default 10, planners' asks cut to the maximum) and clients rely on it.
  httpRules: {
    limit: SearchProductsInput.shape.limit
      .unwrap()
      .max(100)
      .default(20)
      .describe(`Results per page, default 20; a page holds at most ${SEARCH_MAX_LIMIT}`),
  },
});

export const getProduct = defineToolRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/:id',
  summary: 'One product',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_product',
  input: GetProductInput,
  pathFields: { id: 'productId' },
  errors: [404],
});

export const similarProducts = defineToolRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/:id/similar',
  summary: 'Products similar to this one',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_similar_products',
  input: ProductNeighboursInput,
  pathFields: { id: 'productId' },
  errors: [404],
});

export const boughtTogether = defineToolRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/:id/bought-together',
  summary: 'Products frequently bought together with this one',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_frequently_bought_together',
  input: ProductNeighboursInput,
  pathFields: { id: 'productId' },
  errors: [404],
});

export const popularProducts = defineToolRoute({
  method: 'get',
  cacheable: true,
  path: '/api/popular',
  summary: 'Best sellers, optionally recent or in one country',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_popular_products',
  input: GetPopularProductsInput,
});

export const PRODUCT_CONTRACTS = [searchProducts, getProduct, similarProducts, boughtTogether, popularProducts];
