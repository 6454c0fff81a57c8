import { z } from 'zod';
import { defineTool, ProductIdSchema } from '@reco/base-tools';
import { stamp } from '../service/recommendation-id';
import type { RecommendationService } from '../service/recommendation-service';
import { FILTER_FIELDS, IdentifiedProductListSchema, KSchema, PRICE_ORDER, pricesInOrder } from './recommendation-filters';
import { toToolError } from './tool-errors';

export const ProductNeighboursInput = z
  .object({
    productId: ProductIdSchema,
    k: KSchema,
    ...FILTER_FIELDS,
  })
  .refine(pricesInOrder, PRICE_ORDER);

/** Unknown product id: NOT_FOUND. Known but not recommendable (hidden, fee lines) or not available: no items. */
export function getSimilarProductsTool(service: RecommendationService) {
  return defineTool({
    name: 'get_similar_products',
    description:
      'Products that customers who buy the given product also tend to buy (learned item-item model), then products like it ' +
      'in the catalogue (same category, shared tags, close price; all a product newer than the model has), best first, ' +
      'reason similar-to:<productId>. Filters as get_recommendations. Unknown product id: NOT_FOUND.',
    input: ProductNeighboursInput,
    output: IdentifiedProductListSchema,
    async execute(input) {
      try {
        return stamp({ items: await service.similarProducts(input.productId, input.k, input) });
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}
