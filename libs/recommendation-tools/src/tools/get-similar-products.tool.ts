import { z } from 'zod';
import { defineTool, ProductIdSchema, ScoredProductListSchema } from '@reco/base-tools';
import { MAX_K } from '../service/recommend-args';
import type { RecommendationService } from '../service/recommendation-service';
import { toToolError } from './tool-errors';

export const ProductNeighboursInput = z.object({
  productId: ProductIdSchema,
  k: z.number().int().min(1).max(MAX_K).default(10).describe(`How many products, 1-${MAX_K}`),
});

/** Unknown product id: NOT_FOUND. Known but not recommendable (hidden, fee lines) or not available: no items. */
export function getSimilarProductsTool(service: RecommendationService) {
  return defineTool({
    name: 'get_similar_products',
    description:
      'Products that customers who buy the given product also tend to buy (learned item-item model), then products like it ' +
      'in the catalogue (same category, shared tags, close price; all a product newer than the model has), best first, ' +
      'reason similar-to:<productId>. Unknown product id: NOT_FOUND.',
    input: ProductNeighboursInput,
    output: ScoredProductListSchema,
    async execute(input) {
      try {
        return { items: await service.similarProducts(input.productId, input.k) };
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}
