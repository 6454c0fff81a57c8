import { z } from 'zod';
import { defineTool, ToolError, type Caller } from '@reco/base-tools';
import type { PlacementService } from '../placements/placement-service';
import { SessionIdSchema, SessionRecommendationListSchema } from '../schemas/session-recommendation-list';
import { FILTER_FIELDS, KSchema, PRICE_ORDER, pricesInOrder } from './recommendation-filters';
import { toToolError } from './tool-errors';

export const GetSessionRecommendationsInput = z
  .object({
    sessionId: SessionIdSchema,
    k: KSchema,
    ...FILTER_FIELDS,
  })
  .refine(pricesInOrder, PRICE_ORDER);

// A session id is not a customer's data: any caller the edge authenticated may ask.
export function assertAuthenticated(caller: Caller, what = 'Session recommendations'): void {
  if (caller.kind === 'anonymous') throw ToolError.forbidden(`${what} need an API key or a customer token`);
}

/** An anonymous visitor's top-k from what the session viewed and carted. */
export function getSessionRecommendationsTool(placements: PlacementService) {
  return defineTool({
    name: 'get_session_recommendations',
    title: "Recommendations for a visitor's session",
    description:
      "Product recommendations for an anonymous visitor's session, from what it viewed and carted (most recent first) " +
      'through the learned item-item model, best first, without what the session bought; reasons as get_recommendations. ' +
      'An unknown or empty session gets popular products (strategy popular). Filters as get_recommendations.',
    // A read: the exposure an experiment logs for the list is bookkeeping about the call, not shop data.
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetSessionRecommendationsInput,
    output: SessionRecommendationListSchema,
    async execute(input, ctx) {
      assertAuthenticated(ctx.caller);
      try {
        return await placements.recommendForSession(input.sessionId, input);
      } catch (err) {
        throw toToolError(err);
      }
    },
  });
}
