import { z } from 'zod';
import { defineTool, ToolError, type Caller } from '@reco/base-tools';
import { SessionIdSchema, SessionRecommendationListSchema } from '../schemas/session-recommendation-list';
import { MAX_K } from '../service/recommend-args';
import type { RecommendationService } from '../service/recommendation-service';
import { CategoryFilterSchema } from '@reco/data';

export const GetSessionRecommendationsInput = z.object({
  sessionId: SessionIdSchema,
  k: z.number().int().min(1).max(MAX_K).default(10).describe(`How many products, 1-${MAX_K}`),
  category: CategoryFilterSchema.optional(),
});

// A session id is not a customer's data: any caller the edge authenticated may ask.
function assertAuthenticated(caller: Caller): void {
  if (caller.kind === 'anonymous') throw ToolError.forbidden('Session recommendations need an API key or a customer token');
}

/** An anonymous visitor's top-k from what the session viewed and carted. */
export function getSessionRecommendationsTool(service: RecommendationService) {
  return defineTool({
    name: 'get_session_recommendations',
    description:
      "Product recommendations for an anonymous visitor's session, from what it viewed and carted (most recent first) " +
      'through the learned item-item model, best first, without what the session bought; reasons as get_recommendations. ' +
      'An unknown or empty session gets popular products (strategy popular). Optionally only one category.',
    input: GetSessionRecommendationsInput,
    output: SessionRecommendationListSchema,
    async execute(input, ctx) {
      assertAuthenticated(ctx.caller);
      return service.recommendForSession(input.sessionId, input);
    },
  });
}
