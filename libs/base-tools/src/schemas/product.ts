import { z } from 'zod';

/** The shop's stock code, e.g. `85123A`. */
export const ProductIdSchema = z.string().trim().min(1).max(32).describe('Stock code, e.g. 85123A');

export const ProductSchema = z.object({
  productId: ProductIdSchema,
  description: z.string(),
  /** Latest unit price in GBP. */
  unitPrice: z.number(),
  /** Median unit price over the product's sales, in GBP. */
  typicalPrice: z.number().nullable(),
  /** False for postage, fees, vouchers and other codes that are not goods. */
  isMerchandise: z.boolean(),
  active: z.boolean(),
});
export type Product = z.infer<typeof ProductSchema>;

/**
 * Why a product was suggested, machine-readable: `bought-before`, `popular`,
 * `similar-to:<productId>`, `bought-with:<productId>`, `search`, `model`, ...
 */
export const ReasonSchema = z.string().min(1).max(64);

export const ScoredProductSchema = ProductSchema.extend({
  score: z.number(),
  reason: ReasonSchema,
});
export type ScoredProduct = z.infer<typeof ScoredProductSchema>;

export const ScoredProductListSchema = z.object({ items: z.array(ScoredProductSchema) });
export type ScoredProductList = z.infer<typeof ScoredProductListSchema>;
