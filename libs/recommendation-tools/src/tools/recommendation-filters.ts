import { z } from 'zod';
import { ScoredProductListSchema } from '@reco/base-tools';
import { RecommendationFiltersSchema } from '../merchandising/merchandising-schemas';
import { MAX_K } from '../service/recommend-args';

/** `k` of every list tool. */
export const KSchema = z.number().int().min(1).max(MAX_K).default(10).describe(`How many products, 1-${MAX_K}`);

/** The per-request filters every list tool takes (RecommendationFiltersSchema's fields), merged into its input. */
export const FILTER_FIELDS = RecommendationFiltersSchema.shape;

/** minPrice above maxPrice is refused, naming minPrice. */
export function pricesInOrder(v: { minPrice?: number; maxPrice?: number }): boolean {
  return v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice;
}
export const PRICE_ORDER = { message: 'must not exceed maxPrice', path: ['minPrice'] };

/** A product list answer with its recommendationId (events carrying it are attributed to it). */
export const IdentifiedProductListSchema = ScoredProductListSchema.extend({
  recommendationId: z.string().describe('Send it back with click, cart and purchase events on these products'),
});
