import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { HYBRID_AGENT_FACTORY } from '@reco/agent';
import { DATABASE, type DatabaseHandle } from '@reco/data';
import { RECOMMENDATION_SERVICE } from '@reco/recommendation-tools';
import { TOKENS } from '@reco/runtime';
import type { AgentFactory, AppServices, RecommendationService } from './app-services';

/**
 * AppServices resolved from the composition root's container each time a route asks, so a
 * service that is not registered answers 503 on its routes instead of stopping the server.
 */
export function containerServices(container: DependencyContainer): AppServices {
  const optional = <T>(token: InjectionToken<T>): T | undefined => (container.isRegistered(token, true) ? container.resolve<T>(token) : undefined);
  return {
    agentFactory: async () => optional<AgentFactory>(HYBRID_AGENT_FACTORY as InjectionToken<AgentFactory>),
    recommendations: async () => optional<RecommendationService>(RECOMMENDATION_SERVICE as InjectionToken<RecommendationService>),
    database: async () => optional<DatabaseHandle>(DATABASE)?.get(),
    cache: () => optional(TOKENS.Cache),
    objectStore: () => optional(TOKENS.ObjectStore),
  };
}
