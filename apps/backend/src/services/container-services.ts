import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { AGENT_TOKENS } from '@reco/agent';
import { DATA_TOKENS } from '@reco/data';
import { RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import { dataImportOf, RUNTIME_TOKENS } from '@reco/runtime';
import { USER_TOKENS } from '@reco/user-tools';
import type { AppServices } from './app-services';
import { merchandisingAdminService, type MerchandisingAdminService } from './merchandising-service';

/**
 * AppServices resolved from the composition root's container each time a route asks, so a
 * service that is not registered answers 503 on its routes instead of stopping the server.
 */
export function containerServices(container: DependencyContainer): AppServices {
  const optional = <T>(token: InjectionToken<T>): T | undefined => optionalService(container, token);
  let merchandising: MerchandisingAdminService | undefined;
  return {
    agentFactory: async () => optional(AGENT_TOKENS.HybridAgentFactory),
    modelRegistry: async () => optional(RECOMMENDATION_TOKENS.Registry),
    trainer: async () => optional(RECOMMENDATION_TOKENS.Trainer),
    shopFeed: async () => optional(RUNTIME_TOKENS.ShopFeed),
    customerProfiles: async () => optional(USER_TOKENS.CustomerProfiles),
    dataImport: async () => dataImportOf(container),
    merchandising: async () => {
      const admin = optional(RUNTIME_TOKENS.MerchandisingAdmin);
      return admin && (merchandising ??= merchandisingAdminService(admin, container.resolve(DATA_TOKENS.Database)));
    },
    experimentReports: async () => optional(RUNTIME_TOKENS.ExperimentReports),
    cache: () => optional(RUNTIME_TOKENS.Cache),
    objectStore: () => optional(RUNTIME_TOKENS.ObjectStore),
  };
}

/** The container's service for `token`, or undefined when no lib registered one. */
export function optionalService<T>(container: DependencyContainer, token: InjectionToken<T>): T | undefined {
  return container.isRegistered(token, true) ? container.resolve<T>(token) : undefined;
}
