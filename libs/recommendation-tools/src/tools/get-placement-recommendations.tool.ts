import { z } from 'zod';
import { type Caller, CustomerIdSchema, defineTool, ProductIdSchema, ToolError } from '@reco/base-tools';
import { PlacementNameSchema } from '../merchandising/merchandising-schemas';
import type { PlacementService } from '../placements/placement-service';
import { PlacementRecommendationListSchema } from '../schemas/placement-recommendation-list';
import { SessionIdSchema } from '../schemas/session-recommendation-list';
import { MAX_K } from '../service/recommend-args';
import { assertReadable } from './get-recommendations.tool';
import { assertAuthenticated } from './get-session-recommendations.tool';
import { FILTER_FIELDS, PRICE_ORDER, pricesInOrder } from './recommendation-filters';
import { toToolError } from './tool-errors';

export const GetPlacementRecommendationsInput = z
  .object({
    placement: PlacementNameSchema,
    userId: CustomerIdSchema.optional().describe('The customer (home, buy-again, new-arrivals need a customer or a session)'),
    sessionId: SessionIdSchema.optional(),
    productId: ProductIdSchema.optional().describe('The product shown (product placement)'),
    cartProductIds: z.array(ProductIdSchema).min(1).max(MAX_K).optional().describe("The cart's products (cart placement)"),
    k: z.number().int().min(1).max(MAX_K).optional().describe(`How many products, 1-${MAX_K}; default the placement's`),
    excludePurchased: z.boolean().optional().describe('Leave out products the customer bought before (personal lists)'),
    preview: z
      .boolean()
      .optional()
      .describe("Staff keys only: the list the shopper would get, their experiment arm named, but no exposure logged (the dashboard's preview)"),
    ...FILTER_FIELDS,
  })
  .refine(pricesInOrder, PRICE_ORDER);

/**
 * A named placement's list (home, product, cart, buy-again, trending, new-arrivals, or the shop's
 * own): its strategy, rules, diversity and any experiment on it. A customer may ask only for
 * their own userId; an anonymous caller not at all; only staff keys (service, admin) may preview
 * (FORBIDDEN otherwise: a shopper's page must not hide its exposures from the experiment).
 */
export function getPlacementRecommendationsTool(placements: PlacementService) {
  return defineTool({
    name: 'get_placement_recommendations',
    title: 'Recommendations for a page placement',
    description:
      'The product list of a placement on a shop page, best first: home (personal), product (similar to and bought with productId), ' +
      'cart (bought with cartProductIds, the cart left out), buy-again (what the customer is due to re-buy), trending (rising now), ' +
      "new-arrivals (recent products the shopper's tastes favour), or a shop's own placement. With userId or sessionId; " +
      'filters as get_recommendations. Reasons name rule effects (boosted:<rule>, pinned:<rule>). preview (staff keys only): no exposure logged. ' +
      'Unknown placement: NOT_FOUND.',
    // A read: the exposure an experiment logs for the list is bookkeeping about the call, not shop data.
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetPlacementRecommendationsInput,
    output: PlacementRecommendationListSchema,
    async execute(input, ctx) {
      if (input.userId !== undefined) assertReadable(ctx.caller, input.userId);
      else assertAuthenticated(ctx.caller, 'Placement recommendations');
      if (input.preview) assertMayPreview(ctx.caller);
      const { placement, userId, sessionId, productId, cartProductIds, k, excludePurchased, preview, ...filters } = input;
      try {
        return await placements.recommend(placement, { userId, sessionId, productId, cartProductIds, k, excludePurchased, filters, preview });
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}

/** A preview is the staff's look at a shopper's list: a customer token or an anonymous caller is refused. */
export function assertMayPreview(caller: Caller): void {
  if (caller.kind !== 'service' && caller.kind !== 'admin') throw ToolError.forbidden('preview is for staff keys (service or admin): a shopper\'s list is an exposure');
}
