import { defineTool, ScoredProductListSchema } from '@reco/base-tools';
import type { RecommendationService } from '../service/recommendation-service';
import { ProductNeighboursInput } from './get-similar-products.tool';
import { toToolError } from './tool-errors';

/** Same input and not-found rules as get_similar_products. */
export function getFrequentlyBoughtTogetherTool(service: RecommendationService) {
  return defineTool({
    name: 'get_frequently_bought_together',
    description:
      'Products bought in the same orders as the given product, most affine first, reason bought-with:<productId>. ' +
      'Unknown product id: NOT_FOUND.',
    input: ProductNeighboursInput,
    output: ScoredProductListSchema,
    async execute(input) {
      try {
        return { items: await service.boughtTogether(input.productId, input.k) };
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}
