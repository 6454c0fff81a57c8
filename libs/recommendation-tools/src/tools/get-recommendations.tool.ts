import { z } from 'zod';
import { type Caller, canReadCustomer, CustomerIdSchema, defineTool, RecommendationListSchema, ToolError } from '@reco/base-tools';
import type { PlacementService } from '../placements/placement-service';
import { FILTER_FIELDS, KSchema, PRICE_ORDER, pricesInOrder } from './recommendation-filters';
import { toToolError } from './tool-errors';

export const GetRecommendationsInput = z
  .object({
    userId: CustomerIdSchema,
    k: KSchema,
    excludePurchased: z.boolean().optional().describe('Leave out products the customer bought before'),
    ...FILTER_FIELDS,
  })
  .refine(pricesInOrder, PRICE_ORDER);

export function assertReadable(caller: Caller, userId: string): void {
  if (!canReadCustomer(caller, userId)) throw ToolError.forbidden(`Not allowed to read recommendations of customer ${userId}`);
}

/** Personal top-k with the shop's rules and experiments; a customer may read only their own, staff keys anyone's. */
export function getRecommendationsTool(placements: PlacementService) {
  return defineTool({
    name: 'get_recommendations',
    title: 'Recommendations for a customer',
    description:
      'Personal product recommendations for a customer, best first, each with a score and a reason ' +
      '(bought-before, similar-to:<id>, recently-viewed, in-cart, popular; catalog when products the model does not rank fill the list; ' +
      "rule effects such as boosted:<rule> or pinned:<rule> follow). Optional filters: category (and everything under it), tag, price range, " +
      'product ids to leave out, includeUnavailable. Unknown customers get popular products. The answer has a recommendationId to send back with events.',
    // A read: the exposure an experiment logs for the list is bookkeeping about the call, not shop data.
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetRecommendationsInput,
    output: RecommendationListSchema,
    async execute(input, ctx) {
      assertReadable(ctx.caller, input.userId);
      try {
        return await placements.recommendForCustomer(input.userId, input);
      } catch (err) {
        throw toToolError(err);
      }
    },
    cached(input, ctx) {
      assertReadable(ctx.caller, input.userId);
      return placements.cachedForCustomer(input.userId, input);
    },
  });
}
