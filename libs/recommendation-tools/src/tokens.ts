import type { InjectionToken } from 'tsyringe';
import type { LiveFeedback } from './feedback/live-feedback';
import type { PlacementService } from './placements/placement-service';
import type { ModelRegistry } from './registry/model-registry';
import type { RecommendationService } from './service/recommendation-service';
import type { RecommenderTrainer } from './training/recommender-trainer';

/** Container tokens of @reco/recommendation-tools (registered by @reco/runtime's recommendations module). */
export const RECOMMENDATION_TOKENS = {
  /** Serving: recommendations, similar, bought together, popular (behind the tools). */
  Service: Symbol('RecommendationService') as InjectionToken<RecommendationService>,
  /** The active model version: start, hot reload, list and activate versions. */
  Registry: Symbol('ModelRegistry') as InjectionToken<ModelRegistry>,
  /** Trains (stores, registers, activates) and evaluates in the worker pool. */
  Trainer: Symbol('RecommenderTrainer') as InjectionToken<RecommenderTrainer>,
  /** Records live events and drops the customer's cached answers. */
  Feedback: Symbol('LiveFeedback') as InjectionToken<LiveFeedback>,
  /** Every list a shopper sees, with the shop's rules, diversity and experiments (placements and the plain routes). */
  Placements: Symbol('PlacementService') as InjectionToken<PlacementService>,
} as const;
