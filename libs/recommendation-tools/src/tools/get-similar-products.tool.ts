import { z } from 'zod';
import { defineTool, ProductIdSchema } from '@reco/base-tools';
import { stamp } from '../service/recommendation-id';
import type { PlacementService } from '../placements/placement-service';
import { FILTER_FIELDS, IdentifiedProductListSchema, KSchema, PRICE_ORDER, pricesInOrder } from './recommendation-filters';
import { toToolError } from './tool-errors';

export const ProductNeighboursInput = z
  .object({
    productId: ProductIdSchema,
    k: KSchema,
    ...FILTER_FIELDS,
  })
  .refine(pricesInOrder, PRICE_ORDER);

/**
 * Unknown product id: NOT_FOUND. Known but not recommendable (hidden, fee lines) or not available:
 * no items. The shop's global rules apply (PlacementService), outside experiments.
 */
export function getSimilarProductsTool(placements: PlacementService) {
  return defineTool({
    name: 'get_similar_products',
    title: 'Similar products',
    description:
      'Products that customers who buy the given product also tend to buy (learned item-item model), then products like it ' +
      'in the catalogue (same category, shared tags, close price; all a product newer than the model has), best first, ' +
      'reason similar-to:<productId>. Filters as get_recommendations; the shop\'s global rules apply. Unknown product id: NOT_FOUND.',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: ProductNeighboursInput,
    output: IdentifiedProductListSchema,
    async execute({ productId, k, ...filters }) {
      try {
        return stamp({ items: await placements.similarProducts(productId, k, filters) });
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}
