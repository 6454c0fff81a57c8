import { defineTool } from '@reco/base-tools';
import { stamp } from '../service/recommendation-id';
import type { PlacementService } from '../placements/placement-service';
import { ProductNeighboursInput } from './get-similar-products.tool';
import { IdentifiedProductListSchema } from './recommendation-filters';
import { toToolError } from './tool-errors';

/** Same input, not-found and rules as get_similar_products. */
export function getFrequentlyBoughtTogetherTool(placements: PlacementService) {
  return defineTool({
    name: 'get_frequently_bought_together',
    title: 'Frequently bought together',
    description:
      'Products bought in the same orders as the given product, most affine first, reason bought-with:<productId>. ' +
      'Filters as get_recommendations; the shop\'s global rules apply. Unknown product id: NOT_FOUND.',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: ProductNeighboursInput,
    output: IdentifiedProductListSchema,
    async execute({ productId, k, ...filters }) {
      try {
        return stamp({ items: await placements.boughtTogether(productId, k, filters) });
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}
