import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { AGENT_TOKENS } from '@reco/agent';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import { RUNTIME_TOKENS } from '@reco/runtime';
import type { AgentFactory, AppServices, RecommendationService } from './app-services';

/**
 * AppServices resolved from the composition root's container each time a route asks, so a
 * service that is not registered answers 503 on its routes instead of stopping the server.
 */
export function containerServices(container: DependencyContainer): AppServices {
  const optional = <T>(token: InjectionToken<T>): T | undefined => (container.isRegistered(token, true) ? container.resolve<T>(token) : undefined);
  return {
    agentFactory: async () => optional<AgentFactory>(AGENT_TOKENS.HybridAgentFactory as InjectionToken<AgentFactory>),
    recommendations: async () => optional<RecommendationService>(RECOMMENDATION_TOKENS.Service as InjectionToken<RecommendationService>),
    database: async () => optional<DatabaseHandle>(DATA_TOKENS.Database)?.get(),
    cache: () => optional(RUNTIME_TOKENS.Cache),
    objectStore: () => optional(RUNTIME_TOKENS.ObjectStore),
  };
}
