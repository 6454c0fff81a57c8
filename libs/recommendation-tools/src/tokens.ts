import type { InjectionToken } from 'tsyringe';
import type { RecommendationService } from './service/recommendation-service';

/** Container tokens of @reco/recommendation-tools (registered by @reco/runtime's recommendations module). */
export const RECOMMENDATION_TOKENS = {
  Service: Symbol('RecommendationService') as InjectionToken<RecommendationService>,
} as const;
