import { z } from 'zod';
import { type Caller, canReadCustomer, CustomerIdSchema, defineTool, ProductIdSchema, RecommendationListSchema, ToolError } from '@reco/base-tools';
import { MAX_K } from '../service/recommend-args';
import type { RecommendationService } from '../service/recommendation-service';
import { CategoryFilterSchema } from '@reco/data';

const Price = z.number().min(0).max(1_000_000);

export const GetRecommendationsInput = z
  .object({
    userId: CustomerIdSchema,
    k: z.number().int().min(1).max(MAX_K).default(10).describe(`How many products, 1-${MAX_K}`),
    excludePurchased: z.boolean().optional().describe('Leave out products the customer bought before'),
    minPrice: Price.optional().describe("Lowest unit price, in the shop's currency"),
    maxPrice: Price.optional().describe("Highest unit price, in the shop's currency"),
    excludeProductIds: z.array(ProductIdSchema).max(500).optional().describe('Product ids never to return'),
    category: CategoryFilterSchema.optional(),
  })
  .refine((v) => v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice, {
    message: 'must not exceed maxPrice',
    path: ['minPrice'],
  });

function assertReadable(caller: Caller, userId: string): void {
  if (!canReadCustomer(caller, userId)) throw ToolError.forbidden(`Not allowed to read recommendations of customer ${userId}`);
}

/** Personal top-k; a customer may read only their own, staff keys anyone's. */
export function getRecommendationsTool(service: RecommendationService) {
  return defineTool({
    name: 'get_recommendations',
    description:
      'Personal product recommendations for a customer, best first, each with a score and a reason ' +
      '(bought-before, similar-to:<id>, recently-viewed, in-cart, popular; catalog when products the model does not rank fill the list). ' +
      'Optionally only one category (and everything under it). Unknown customers get popular products.',
    input: GetRecommendationsInput,
    output: RecommendationListSchema,
    async execute(input, ctx) {
      assertReadable(ctx.caller, input.userId);
      return service.recommend(input.userId, input);
    },
    cached(input, ctx) {
      assertReadable(ctx.caller, input.userId);
      return service.cachedRecommendations(input.userId, input);
    },
  });
}
