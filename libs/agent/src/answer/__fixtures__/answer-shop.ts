import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  canReadCustomer,
  CustomerIdSchema,
  CustomerSegmentSchema,
  defineTool,
  OrderSchema,
  ProductSchema,
  RecommendationListSchema,
  ScoredProductListSchema,
  ToolError,
  ToolRegistry,
  toToolProduct,
  type Order,
  type Product,
  type ToolContext,
} from '@reco/base-tools';

/** A small shop whose data carries what answers must not show: postage, a cancellation, a segment label. */
export const MUG = product('22960', 'BLUE POLKADOT MUG', 2.95);
export const TEAPOT = product('22072', 'RED RETROSPOT TEAPOT', 3.95);
export const LANTERN = product('71459', 'HANGING JAM JAR T-LIGHT LANTERN', 4.25);
export const CARRIAGE = product('23444', 'NEXT DAY CARRIAGE', 15, false);
export const POSTAGE = product('POST', 'POSTAGE', 18, false);

export const ME = '17850';

/** Newest first, as the history tool answers: a cancellation, then two purchases. */
export const ORDERS: Order[] = [
  { invoiceNo: 'C580001', time: '2011-12-05T10:00:00Z', country: 'United Kingdom', cancelled: true, lines: [line(MUG, -2)], total: -5.9 },
  {
    invoiceNo: '580000',
    time: '2011-12-01T09:00:00Z',
    country: 'United Kingdom',
    cancelled: false,
    lines: [line(TEAPOT, 2), line(POSTAGE, 1), line(MUG, 6)],
    total: 43.6,
  },
  { invoiceNo: '570000', time: '2011-10-02T09:00:00Z', country: 'United Kingdom', cancelled: false, lines: [line(LANTERN, 1), line(MUG, 1)], total: 7.2 },
];

const items = z.object({ items: z.array(ScoredProductListSchema.shape.items.element) });
const userInput = z.object({ userId: CustomerIdSchema });

/** A real ToolRegistry with stand-ins whose answers carry non-recommendable products. */
export function createAnswerShop(): ToolRegistry {
  return new ToolRegistry({ defaultTimeoutMs: 2_000 }).register(
    defineTool({
      name: 'search_products',
      description: 'Search the catalogue',
      input: z.object({ query: z.string().min(1), limit: z.number().int().optional(), maxPrice: z.number().optional() }),
      output: items,
      execute: async () => ({ items: [CARRIAGE, MUG, POSTAGE, TEAPOT].map((p, i) => ({ ...p, score: 1 - i / 10, reason: 'search' })) }),
    }),
    defineTool({
      name: 'get_product',
      description: 'One product',
      input: z.object({ productId: z.string() }),
      output: ProductSchema,
      execute: async ({ productId }) => [MUG, TEAPOT, LANTERN, CARRIAGE, POSTAGE].find((p) => p.productId === productId) ?? notFound(productId),
    }),
    defineTool({
      name: 'get_purchase_history',
      description: 'The customer orders, newest first',
      input: userInput.extend({ limit: z.number().int().min(1).max(100).default(10) }),
      output: z.object({ customerId: z.string(), orders: z.array(OrderSchema) }),
      execute: async ({ userId, limit }, ctx) => {
        readable(userId, ctx);
        return { customerId: userId, orders: ORDERS.slice(0, limit) };
      },
    }),
    defineTool({
      name: 'get_user_segment',
      description: 'The customer RFM segment',
      input: userInput,
      output: CustomerSegmentSchema,
      execute: async ({ userId }, ctx) => {
        readable(userId, ctx);
        return {
          customerId: userId,
          segment: 'cannot_lose' as const,
          rfm: { recencyDays: 200, frequency: 40, monetary: 5200, r: 1, f: 5, m: 5 },
          cluster: null,
          computedAt: '2011-12-10T00:00:00Z',
          description: 'Used to buy very often, not for a long time',
        };
      },
    }),
    defineTool({
      name: 'get_recommendations',
      description: 'Products picked for the customer',
      input: userInput.extend({ k: z.number().int().min(1), excludePurchased: z.boolean().optional(), maxPrice: z.number().optional() }),
      output: RecommendationListSchema,
      execute: async ({ userId }, ctx) => {
        readable(userId, ctx);
        const picks = [LANTERN, POSTAGE, TEAPOT].map((p, i) => ({ ...p, score: 0.9 - i / 10, reason: 'model' }));
        return { userId, strategy: 'model', items: picks, modelVersion: 'v1', recommendationId: randomUUID() };
      },
    }),
  );
}

function product(id: string, title: string, price: number, recommendable = true): Product {
  const catalogued = { description: null, currency: 'GBP', categories: [], tags: [], available: true, imageUrl: null, url: null };
  return toToolProduct({ ...catalogued, id, title, price, typicalPrice: price, recommendable });
}

function line(p: Product, quantity: number) {
  return { productId: p.productId, description: p.description, quantity, unitPrice: p.unitPrice };
}

function readable(userId: string, ctx: ToolContext): void {
  if (!canReadCustomer(ctx.caller, userId)) throw ToolError.forbidden(`Not allowed to read customer ${userId}`);
}

function notFound(id: string): never {
  throw ToolError.notFound('Product', id);
}
