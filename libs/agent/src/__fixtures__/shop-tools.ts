import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  canReadCustomer,
  CustomerIdSchema,
  CustomerSchema,
  CustomerSegmentSchema,
  defineTool,
  OrderSchema,
  ProductSchema,
  RecommendationListSchema,
  ScoredProductListSchema,
  ToolError,
  ToolRegistry,
  toToolProduct,
  type AnyTool,
  type Caller,
  type Product,
  type ScoredProduct,
  type ToolContext,
} from '@reco/base-tools';

/** Stand-ins for the tool libs, with the names and inputs their issues fix. */
export const CATALOGUE: Product[] = [
  product('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.95),
  product('21733', 'RED HANGING HEART T-LIGHT HOLDER', 2.95),
  product('84029E', 'RED WOOLLY HOTTIE WHITE HEART.', 3.75),
  product('22423', 'REGENCY CAKESTAND 3 TIER', 12.75),
  product('47566', 'PARTY BUNTING', 4.95),
  product('23084', 'RABBIT NIGHT LIGHT', 2.08),
  product('85099B', 'JUMBO BAG RED RETROSPOT', 2.08),
  product('22086', "PAPER CHAIN KIT 50'S CHRISTMAS", 2.95),
  product('84879', 'ASSORTED COLOUR BIRD ORNAMENT', 1.69),
  product('22720', 'SET OF 3 CAKE TINS PANTRY DESIGN', 4.95),
  product('20725', 'LUNCH BAG RED RETROSPOT', 1.65),
  product('22197', 'SMALL POPCORN HOLDER', 0.85),
  product('21212', 'PACK OF 72 RETROSPOT CAKE CASES', 0.55),
  product('79321', 'CHILLI LIGHTS', 5.75),
];

export const CUSTOMERS: Record<string, { country: string; segment: 'champions' | 'at_risk' }> = {
  '17850': { country: 'United Kingdom', segment: 'champions' },
  '12345': { country: 'Iceland', segment: 'at_risk' },
};

export interface ToolBehaviour {
  delayMs?: number;
  /** Throw this message instead of answering. */
  fail?: string;
  /** The tool's own timeout (the registry enforces it). */
  timeoutMs?: number;
}

export interface RecordedCall {
  name: string;
  input: Record<string, unknown>;
  caller: Caller;
}

export interface ShopTools {
  registry: ToolRegistry;
  calls: RecordedCall[];
  /** `start <tool>` / `end <tool>` in the order they happened: concurrency shown by order, not clocks. */
  timeline: string[];
  behaviour: Record<string, ToolBehaviour>;
}

/** A real ToolRegistry holding stand-in tools over the small catalogue; `behaviour` may be changed between calls. */
export function createShopTools(behaviour: Record<string, ToolBehaviour> = {}, registryTimeoutMs = 2_000): ShopTools {
  const calls: RecordedCall[] = [];
  const timeline: string[] = [];
  const wrap = <I extends z.ZodType, O extends z.ZodType>(
    name: string,
    description: string,
    input: I,
    output: O,
    run: (input: z.output<I>, ctx: ToolContext) => z.input<O>,
  ): AnyTool => {
    const tool = defineTool({
      name,
      description,
      input,
      output,
      execute: async (args, ctx) => {
        calls.push({ name, input: args as Record<string, unknown>, caller: ctx.caller });
        timeline.push(`start ${name}`);
        const b = behaviour[name] ?? {};
        try {
          if (b.delayMs) await sleep(b.delayMs, ctx.signal);
          if (b.fail) throw new Error(b.fail);
          return run(args, ctx);
        } finally {
          timeline.push(`end ${name}`);
        }
      },
    });
    // Timeouts are read per call so a test can change them after registering.
    return Object.defineProperty({ ...tool }, 'timeoutMs', { get: () => behaviour[name]?.timeoutMs, enumerable: true }) as AnyTool;
  };
  const items = z.object({ items: z.array(ScoredProductListSchema.shape.items.element) });
  const userInput = z.object({ userId: CustomerIdSchema });
  const registry = new ToolRegistry({ defaultTimeoutMs: registryTimeoutMs }).register(
    wrap(
      'search_products',
      'Search the catalogue by words, optionally within a price range',
      z.object({
        query: z.string().min(1),
        minPrice: z.number().nonnegative().optional(),
        maxPrice: z.number().positive().optional(),
        limit: z.number().int().min(1).max(50).default(10),
        offset: z.number().int().min(0).default(0),
      }),
      items.extend({ total: z.number().int().optional() }),
      ({ query, minPrice, maxPrice, limit, offset }) => {
        const words = query.toLowerCase().split(/\s+/).map(stem);
        const hits = CATALOGUE.map((p) => ({ p, score: words.filter((w) => p.description.toLowerCase().split(/\W+/).map(stem).includes(w)).length }))
          .filter(({ p, score }) => score > 0 && inRange(p, minPrice, maxPrice))
          .sort((a, b) => b.score - a.score || a.p.productId.localeCompare(b.p.productId));
        return { items: hits.slice(offset, offset + limit).map(({ p, score }) => scored(p, score / words.length, 'search')), total: hits.length };
      },
    ),
    wrap('get_product', 'One product by stock code', z.object({ productId: z.string() }), ProductSchema, ({ productId }) => find(productId)),
    wrap(
      'get_products',
      'Several products by stock code',
      z.object({ productIds: z.array(z.string()).min(1) }),
      z.object({ items: z.array(ProductSchema) }),
      ({ productIds }) => ({ items: productIds.map(find) }),
    ),
    wrap('get_user_profile', 'The customer profile', userInput, CustomerSchema, ({ userId }, ctx) => {
      const customer = readable(userId, ctx);
      return { customerId: userId, country: customer.country, firstSeen: '2010-12-01T08:26:00Z', lastSeen: '2011-12-09T12:50:00Z' };
    }),
    wrap(
      'get_purchase_history',
      'The customer orders, newest first',
      userInput.extend({ limit: z.number().int().min(1).max(100).default(10), since: z.string().optional() }),
      z.object({ orders: z.array(OrderSchema) }),
      ({ userId, limit }, ctx) => {
        readable(userId, ctx);
        const order = (invoiceNo: string, time: string, p: Product, quantity: number) => ({
          invoiceNo,
          time,
          country: CUSTOMERS[userId].country,
          cancelled: false,
          lines: [{ productId: p.productId, description: p.description, quantity, unitPrice: p.unitPrice }],
          total: Math.round(quantity * p.unitPrice * 100) / 100,
        });
        const secret = userId === '12345' ? CATALOGUE[9] : CATALOGUE[0];
        return { orders: [order('536365', '2010-12-01T08:26:00Z', secret, 6), order('536366', '2010-11-28T10:00:00Z', CATALOGUE[3], 1)].slice(0, limit) };
      },
    ),
    wrap('get_user_segment', 'The customer RFM segment', userInput, CustomerSegmentSchema, ({ userId }, ctx) => {
      const customer = readable(userId, ctx);
      return {
        customerId: userId,
        segment: customer.segment,
        rfm: { recencyDays: 3, frequency: 34, monetary: 5391.21, r: 5, f: 5, m: 5 },
        cluster: null,
        computedAt: '2011-12-10T00:00:00Z',
      };
    }),
    wrap(
      'get_segment_summary',
      'How many customers each segment holds',
      z.object({}),
      z.object({ segments: z.array(z.object({ segment: z.string(), customers: z.number().int() })) }),
      () => ({ segments: [{ segment: 'champions', customers: 812 }, { segment: 'at_risk', customers: 401 }] }),
    ),
    wrap(
      'get_recommendations',
      'Products picked for the customer',
      userInput.extend({
        k: z.number().int().min(1).max(100),
        excludePurchased: z.boolean().optional(),
        minPrice: z.number().optional(),
        maxPrice: z.number().optional(),
        excludeProductIds: z.array(z.string()).optional(),
      }),
      RecommendationListSchema,
      ({ userId, k, minPrice, maxPrice }, ctx) => {
        readable(userId, ctx);
        const picks = CATALOGUE.filter((p) => inRange(p, minPrice, maxPrice)).slice(2, 2 + k);
        return { userId, strategy: 'model', items: picks.map((p, i) => scored(p, 1 - i / 10, 'model')), modelVersion: 'v1', recommendationId: randomUUID() };
      },
    ),
    wrap('get_similar_products', 'Products like a product', z.object({ productId: z.string(), k: z.number().int().min(1) }), items, ({ productId, k }) => {
      const base = find(productId);
      const words = base.description.toLowerCase().split(/\W+/);
      const similar = CATALOGUE.filter((p) => p.productId !== productId && words.some((w) => w.length > 3 && p.description.toLowerCase().includes(w)));
      return { items: similar.slice(0, k).map((p, i) => scored(p, 0.9 - i / 10, `similar-to:${productId}`)) };
    }),
    wrap(
      'get_frequently_bought_together',
      'Products often in the same basket as a product',
      z.object({ productId: z.string(), k: z.number().int().min(1) }),
      items,
      ({ productId, k }) => {
        find(productId);
        const others = CATALOGUE.filter((p) => p.productId !== productId).slice(5, 5 + k);
        return { items: others.map((p, i) => scored(p, 0.8 - i / 10, `bought-with:${productId}`)) };
      },
    ),
    wrap(
      'get_popular_products',
      'Best sellers, optionally in one country',
      z.object({ k: z.number().int().min(1), sinceDays: z.number().int().optional(), country: z.string().optional() }),
      items,
      ({ k, country }) => {
        const list = country === 'France' ? [...CATALOGUE].reverse() : CATALOGUE;
        return { items: list.slice(0, k).map((p, i) => scored(p, 100 - i, 'popular')) };
      },
    ),
  );
  return { registry, calls, timeline, behaviour };
}

function product(productId: string, description: string, unitPrice: number): Product {
  const catalogued = { description: null, currency: 'GBP', categories: [], tags: [], available: true, recommendable: true, imageUrl: null, url: null };
  return toToolProduct({ ...catalogued, id: productId, title: description, price: unitPrice, typicalPrice: unitPrice });
}

function scored(p: Product, score: number, reason: string): ScoredProduct {
  return { ...p, score: Math.round(score * 1000) / 1000, reason };
}

function find(productId: string): Product {
  const found = CATALOGUE.find((p) => p.productId === productId.toUpperCase());
  if (!found) throw ToolError.notFound('Product', productId);
  return found;
}

function readable(userId: string, ctx: ToolContext) {
  if (!canReadCustomer(ctx.caller, userId)) throw ToolError.forbidden(`Not allowed to read customer ${userId}`);
  const customer = CUSTOMERS[userId];
  if (!customer) throw ToolError.notFound('Customer', userId);
  return customer;
}

function inRange(p: Product, min?: number, max?: number): boolean {
  return (min === undefined || p.unitPrice >= min) && (max === undefined || p.unitPrice <= max);
}

function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}
