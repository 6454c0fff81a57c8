import { z } from 'zod';
import { shopIdSchema } from './shop-id';

/**
 * The shop's product id: 1-128 printable characters (not only spaces), kept exactly as given (no
 * trim, no case change), e.g. `85123A`, `SKU-000123`, `4006381333931`.
 */
export const ProductIdSchema = shopIdSchema().describe("The shop's product id, kept exactly as given, e.g. 85123A or SKU-000123");

/**
 * A product as tools and HTTP answer it. The first six fields are the answer's original names
 * (every client reads them); the open model's fields follow.
 */
export const ProductSchema = z.object({
  productId: ProductIdSchema,
  /** The product's long description, or its title when it has none (Online Retail: its name). */
  description: z.string(),
  /** Current price in `currency` (the same as `price` of the catalogue). */
  unitPrice: z.number(),
  /** The most frequent price of its sales; null when no sales data gives one. */
  typicalPrice: z.number().nullable(),
  /** The old name of `recommendable` (false for postage, fees, vouchers, hidden products). */
  isMerchandise: z.boolean(),
  /** The old name of `available`. */
  active: z.boolean(),
  title: z.string(),
  /** ISO 4217 code of the prices. */
  currency: z.string(),
  /** Category paths, e.g. `Home > Kitchen > Mugs`. */
  categories: z.array(z.string()),
  /** Plain words and `key:value` attributes, e.g. `color:red`. */
  tags: z.array(z.string()),
  /** In stock / sellable. */
  available: z.boolean(),
  /** May be recommended and found. */
  recommendable: z.boolean(),
  imageUrl: z.string().optional(),
  url: z.string().optional(),
});
export type Product = z.infer<typeof ProductSchema>;

/** What a catalogue product has that tools show (the shape of @reco/data's Product). */
export interface CatalogProduct {
  id: string;
  title: string;
  description: string | null;
  price: number;
  typicalPrice: number | null;
  currency: string;
  categories: readonly string[];
  tags: readonly string[];
  available: boolean;
  recommendable: boolean;
  imageUrl: string | null;
  url: string | null;
}

/** A catalogue product as tools answer it: the one mapping onto the answer's old and new names. */
export function toToolProduct(p: CatalogProduct): Product {
  return {
    productId: p.id,
    description: p.description ?? p.title,
    unitPrice: p.price,
    typicalPrice: p.typicalPrice,
    isMerchandise: p.recommendable,
    active: p.available,
    title: p.title,
    currency: p.currency,
    categories: [...p.categories],
    tags: [...p.tags],
    available: p.available,
    recommendable: p.recommendable,
    ...(p.imageUrl !== null ? { imageUrl: p.imageUrl } : {}),
    ...(p.url !== null ? { url: p.url } : {}),
  };
}

/**
 * Why a product was suggested, machine-readable: `bought-before`, `popular`,
 * `similar-to:<productId>`, `bought-with:<productId>`, `search`, `model`, ...
 */
// A model reason, then any rule effects joined by commas (`bought-before,boosted:house-brand`).
export const ReasonSchema = z.string().min(1).max(300);

export const ScoredProductSchema = ProductSchema.extend({
  score: z.number(),
  reason: ReasonSchema,
});
export type ScoredProduct = z.infer<typeof ScoredProductSchema>;

export const ScoredProductListSchema = z.object({ items: z.array(ScoredProductSchema) });
export type ScoredProductList = z.infer<typeof ScoredProductListSchema>;
