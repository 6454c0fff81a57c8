import { z } from 'zod';
import { ProductIdSchema } from '@reco/base-tools';
import { defineRoute } from '../http/route-contract';
import { queryInt, queryNumber, ToolData } from './query-params';

const ProductParams = z.object({ id: ProductIdSchema });
const K = z.object({ k: queryInt(1, 100).default(10) });

export const searchProducts = defineRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/search',
  summary: 'Search products by text, with an optional price range',
  tag: 'products',
  access: 'authenticated',
  tool: 'search_products',
  query: z
    .object({
      q: z.string().trim().min(1).max(200),
      minPrice: queryNumber().optional(),
      maxPrice: queryNumber().optional(),
      limit: queryInt(1, 100).default(20),
      offset: queryInt(0, 10_000).default(0),
    })
    .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
      message: 'must not be above maxPrice',
      path: ['minPrice'],
    }),
  response: ToolData,
});

export const getProduct = defineRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/:id',
  summary: 'One product',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_product',
  params: ProductParams,
  response: ToolData,
  errors: [404],
});

export const similarProducts = defineRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/:id/similar',
  summary: 'Products similar to this one',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_similar_products',
  params: ProductParams,
  query: K,
  response: ToolData,
  errors: [404],
});

export const boughtTogether = defineRoute({
  method: 'get',
  cacheable: true,
  path: '/api/products/:id/bought-together',
  summary: 'Products frequently bought together with this one',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_frequently_bought_together',
  params: ProductParams,
  query: K,
  response: ToolData,
  errors: [404],
});

export const popularProducts = defineRoute({
  method: 'get',
  cacheable: true,
  path: '/api/popular',
  summary: 'Best sellers, optionally recent or in one country',
  tag: 'products',
  access: 'authenticated',
  tool: 'get_popular_products',
  query: z.object({
    k: queryInt(1, 100).default(10),
    sinceDays: queryInt(1, 3_650).optional(),
    country: z.string().trim().min(2).max(64).optional(),
  }),
  response: ToolData,
});

export const PRODUCT_CONTRACTS = [searchProducts, getProduct, similarProducts, boughtTogether, popularProducts];
