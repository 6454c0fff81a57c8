import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  canReadCustomer,
  CustomerIdSchema,
  defineTool,
  ProductIdSchema,
  RecommendationListSchema,
  ScoredProductListSchema,
  ToolError,
  toToolProduct,
  type AnyTool,
  type ScoredProduct,
} from '@reco/base-tools';

/**
 * Stand-ins registered under the real tool names with the real inputs, for the backend's specs:
 * they enforce the caller like the real tools, answer fixed catalogue data, and take a few ms so
 * concurrency shows on a time axis.
 */
const CATALOGUE: ScoredProduct[] = [
  standIn('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.55, 0.92, 'bought-with:71053'),
  standIn('71053', 'WHITE METAL LANTERN', 3.39, 0.81, 'similar-to:85123A'),
  standIn('84406B', 'CREAM CUPID HEARTS COAT HANGER', 2.75, 0.74, 'popular'),
  standIn('22752', 'SET 7 BABUSHKA NESTING BOXES', 7.65, 0.66, 'model'),
  standIn('21730', 'GLASS STAR FROSTED T-LIGHT HOLDER', 4.25, 0.58, 'bought-before'),
  standIn('22633', 'HAND WARMER UNION JACK', 1.85, 0.41, 'popular'),
];

function standIn(id: string, title: string, price: number, score: number, reason: string): ScoredProduct {
  const catalogued = { description: null, currency: 'GBP', categories: [], tags: [], available: true, recommendable: true, imageUrl: null, url: null };
  return { ...toToolProduct({ ...catalogued, id, title, price, typicalPrice: price }), score, reason };
}

/** The real tools' titles and annotations (a spec holds them equal): every one of them reads shop data. */
const SHOP_DATA_READ = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

/** What the list_categories stand-in answers (the stand-in catalogue's products carry no categories). */
export const STAND_IN_CATEGORIES = [
  { name: 'Home', products: 5 },
  { name: 'Home > Lighting', products: 3 },
  { name: 'Home > Storage', products: 2 },
  { name: 'Seasonal', products: 1 },
];

export const STAND_IN_SEGMENTS = { champions: 120, loyal: 340, potential_loyalists: 210, at_risk: 95, hibernating: 400, lost: 180 };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

const guard = (caller: Parameters<typeof canReadCustomer>[0], userId: string) => {
  if (!canReadCustomer(caller, userId)) throw ToolError.forbidden(`may not read customer ${userId}`);
};

const product = (id: string) => {
  const p = CATALOGUE.find((c) => c.productId === id);
  if (!p) throw ToolError.notFound('Product', id);
  const { score: _s, reason: _r, ...rest } = p;
  return rest;
};

/** Counts calls per tool, so specs can assert a refused request did no work. */
export const toolCalls = new Map<string, number>();
const counted = (name: string) => toolCalls.set(name, (toolCalls.get(name) ?? 0) + 1);

export function standInTools(delayMs = 15): AnyTool[] {
  const UserInput = z.object({ userId: CustomerIdSchema });
  return [
    defineTool({
      name: 'search_products',
      title: 'Search products',
      annotations: SHOP_DATA_READ,
      description: 'Search products',
      input: z.object({ query: z.string().min(1), minPrice: z.number().optional(), maxPrice: z.number().optional(), limit: z.number().int().optional(), offset: z.number().int().optional() }),
      output: ScoredProductListSchema.extend({ total: z.number().int() }),
      execute: async ({ query, minPrice, maxPrice, limit, offset }, ctx) => {
        counted('search_products');
        await sleep(delayMs, ctx.signal);
        const words = query.toLowerCase().split(/\s+/);
        const hits = CATALOGUE.filter((p) => words.some((w) => p.description.toLowerCase().includes(w)))
          .filter((p) => (minPrice === undefined || p.unitPrice >= minPrice) && (maxPrice === undefined || p.unitPrice <= maxPrice))
          .map((p) => ({ ...p, reason: 'search' }));
        return { items: hits.slice(offset ?? 0, (offset ?? 0) + (limit ?? 20)), total: hits.length };
      },
    }),
    defineTool({
      name: 'get_product',
      title: 'Product details',
      annotations: SHOP_DATA_READ,
      description: 'One product',
      input: z.object({ productId: ProductIdSchema }),
      output: z.object({ productId: z.string(), description: z.string(), unitPrice: z.number() }).loose(),
      execute: async ({ productId }) => {
        counted('get_product');
        return product(productId);
      },
    }),
    defineTool({
      name: 'get_products',
      title: 'Products by stock code',
      annotations: SHOP_DATA_READ,
      description: 'Several products',
      input: z.object({ productIds: z.array(ProductIdSchema) }),
      output: z.object({ items: z.array(z.object({ productId: z.string() }).loose()) }),
      execute: async ({ productIds }) => ({ items: CATALOGUE.filter((p) => productIds.includes(p.productId)) }),
    }),
    defineTool({
      name: 'get_similar_products',
      title: 'Similar products',
      annotations: SHOP_DATA_READ,
      description: 'Similar products',
      input: z.object({ productId: ProductIdSchema, k: z.number().int() }),
      output: ScoredProductListSchema,
      execute: async ({ productId, k }, ctx) => {
        counted('get_similar_products');
        product(productId);
        await sleep(delayMs, ctx.signal);
        return { items: CATALOGUE.filter((p) => p.productId !== productId).slice(0, k).map((p) => ({ ...p, reason: `similar-to:${productId}` })) };
      },
    }),
    defineTool({
      name: 'get_frequently_bought_together',
      title: 'Frequently bought together',
      annotations: SHOP_DATA_READ,
      description: 'Bought together',
      input: z.object({ productId: ProductIdSchema, k: z.number().int() }),
      output: ScoredProductListSchema,
      execute: async ({ productId, k }) => {
        counted('get_frequently_bought_together');
        product(productId);
        return { items: CATALOGUE.filter((p) => p.productId !== productId).slice(0, k).map((p) => ({ ...p, reason: `bought-with:${productId}` })) };
      },
    }),
    defineTool({
      name: 'get_popular_products',
      title: 'Popular products',
      annotations: SHOP_DATA_READ,
      description: 'Popular products',
      input: z.object({ k: z.number().int(), sinceDays: z.number().int().optional(), country: z.string().optional() }),
      output: ScoredProductListSchema.extend({ country: z.string().nullable() }),
      execute: async ({ k, country }, ctx) => {
        counted('get_popular_products');
        await sleep(delayMs * 2, ctx.signal);
        return { items: CATALOGUE.slice(0, k).map((p) => ({ ...p, reason: 'popular' })), country: country ?? null };
      },
    }),
    defineTool({
      name: 'get_recommendations',
      title: 'Recommendations for a customer',
      annotations: SHOP_DATA_READ,
      description: 'Recommendations for a customer',
      input: z.object({ userId: CustomerIdSchema, k: z.number().int(), excludePurchased: z.boolean().optional(), minPrice: z.number().optional(), maxPrice: z.number().optional(), excludeProductIds: z.array(z.string()).optional() }),
      output: RecommendationListSchema,
      execute: async ({ userId, k, maxPrice }, ctx) => {
        counted('get_recommendations');
        guard(ctx.caller, userId);
        await sleep(delayMs * 3, ctx.signal);
        const items = CATALOGUE.filter((p) => maxPrice === undefined || p.unitPrice <= maxPrice).slice(0, k);
        return { userId, strategy: 'stand-in', items, modelVersion: null, recommendationId: randomUUID() };
      },
    }),
    defineTool({
      name: 'get_session_recommendations',
      title: "Recommendations for a visitor's session",
      annotations: SHOP_DATA_READ,
      description: "Recommendations for an anonymous visitor's session",
      input: z.object({ sessionId: z.string(), k: z.number().int(), category: z.string().optional() }),
      output: z.object({ sessionId: z.string(), strategy: z.string(), items: ScoredProductListSchema.shape.items, recommendationId: z.string() }),
      execute: async ({ sessionId, k }) => {
        counted('get_session_recommendations');
        return { sessionId, strategy: 'stand-in', items: CATALOGUE.slice(0, k).map((p) => ({ ...p, reason: 'session' })), recommendationId: randomUUID() };
      },
    }),
    defineTool({
      name: 'get_user_profile',
      title: 'Customer profile',
      annotations: SHOP_DATA_READ,
      description: 'Customer profile',
      input: UserInput,
      output: z.object({ customerId: z.string(), country: z.string(), orders: z.number().int() }),
      execute: async ({ userId }, ctx) => {
        counted('get_user_profile');
        guard(ctx.caller, userId);
        if (userId === '99999') throw ToolError.notFound('Customer', userId);
        return { customerId: userId, country: 'United Kingdom', orders: 7 };
      },
    }),
    defineTool({
      name: 'get_purchase_history',
      title: 'Customer purchase history',
      annotations: SHOP_DATA_READ,
      description: 'Purchase history',
      input: z.object({ userId: CustomerIdSchema, limit: z.number().int().optional(), since: z.string().optional() }),
      output: z.object({ userId: z.string(), orders: z.array(z.object({ invoiceNo: z.string() })) }),
      execute: async ({ userId, limit }, ctx) => {
        counted('get_purchase_history');
        guard(ctx.caller, userId);
        return { userId, orders: [{ invoiceNo: '536365' }, { invoiceNo: '536366' }].slice(0, limit ?? 10) };
      },
    }),
    defineTool({
      name: 'get_user_segment',
      title: 'Customer segment',
      annotations: SHOP_DATA_READ,
      description: 'Customer segment',
      input: UserInput,
      output: z.object({ customerId: z.string(), segment: z.string() }),
      execute: async ({ userId }, ctx) => {
        counted('get_user_segment');
        guard(ctx.caller, userId);
        await sleep(delayMs, ctx.signal);
        return { customerId: userId, segment: 'loyal' };
      },
    }),
    defineTool({
      name: 'get_segment_summary',
      title: 'Customer segments overview',
      annotations: SHOP_DATA_READ,
      description: 'Segment sizes',
      access: 'staff',
      input: z.object({}),
      output: z.object({ segments: z.array(z.object({ segment: z.string(), count: z.number().int() })) }),
      execute: async () => ({ segments: Object.entries(STAND_IN_SEGMENTS).map(([segment, count]) => ({ segment, count })) }),
    }),
    defineTool({
      name: 'list_categories',
      title: 'Catalogue categories',
      annotations: SHOP_DATA_READ,
      description: 'Catalogue categories',
      input: z.object({}),
      output: z.object({ categories: z.array(z.object({ name: z.string(), products: z.number().int() })) }),
      execute: async () => {
        counted('list_categories');
        return { categories: STAND_IN_CATEGORIES };
      },
    }),
    defineTool({
      name: 'list_product_ids',
      title: 'Product ids by prefix',
      annotations: SHOP_DATA_READ,
      description: 'Product ids by prefix',
      input: z.object({ prefix: z.string().max(128), limit: z.number().int().min(1).max(100).optional() }),
      output: z.object({ items: z.array(z.object({ productId: z.string(), title: z.string() })), total: z.number().int() }),
      execute: async ({ prefix, limit }) => {
        counted('list_product_ids');
        const matches = CATALOGUE.filter((p) => p.productId.toLowerCase().startsWith(prefix.toLowerCase()))
          .map((p) => ({ productId: p.productId, title: p.description }))
          .sort((a, b) => (a.productId < b.productId ? -1 : 1));
        return { items: matches.slice(0, limit ?? 20), total: matches.length };
      },
    }),
  ];
}
