import { defineTool } from '@reco/base-tools';
import { stamp } from '../service/recommendation-id';
import type { RecommendationService } from '../service/recommendation-service';
import { ProductNeighboursInput } from './get-similar-products.tool';
import { IdentifiedProductListSchema } from './recommendation-filters';
import { toToolError } from './tool-errors';

/** Same input and not-found rules as get_similar_products. */
export function getFrequentlyBoughtTogetherTool(service: RecommendationService) {
  return defineTool({
    name: 'get_frequently_bought_together',
    description:
      'Products bought in the same orders as the given product, most affine first, reason bought-with:<productId>. ' +
      'Filters as get_recommendations. Unknown product id: NOT_FOUND.',
    input: ProductNeighboursInput,
    output: IdentifiedProductListSchema,
    async execute(input) {
      try {
        return stamp({ items: await service.boughtTogether(input.productId, input.k, input) });
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}
