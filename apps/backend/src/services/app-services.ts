import type { CreateAgentOptions, HybridAgent } from '@reco/agent';
import type { AsyncCache } from '@reco/async-cache';
import type { ObjectStore } from '@reco/object-store';
import type { ExperimentReports, ModelRegistry, RecommenderTrainer } from '@reco/recommendation-tools';
import type { DataImport, ShopFeed } from '@reco/runtime';
import type { CustomerProfileService } from '@reco/user-tools';
import type { MerchandisingAdminService } from './merchandising-service';

// Each service is the lib's own type, narrowed with Pick to what the routes call: it cannot
// drift from the lib, and a spec can stand in for just that part.

/** The part of @reco/agent's HybridAgent the agent routes use. */
export type ChatAgent = Pick<HybridAgent, 'chat' | 'chatStream'>;

/** @reco/agent's CreateHybridAgent, as the agent routes use it: one agent per conversation, bound to one shopper. */
export type AgentFactory = (options: CreateAgentOptions) => ChatAgent;

/**
 * Services the routes resolve when they run, so a lib registered later (or not at all) changes
 * the answer (503 UNAVAILABLE) but never the app's start-up. Each returns undefined when absent.
 */
export interface AppServices {
  agentFactory(): Promise<AgentFactory | undefined>;
  /** Lists and activates model versions (activation also serves the new version). */
  modelRegistry(): Promise<Pick<ModelRegistry, 'listVersions' | 'activate'> | undefined>;
  trainer(): Promise<Pick<RecommenderTrainer, 'train'> | undefined>;
  /** The shop's writes (products, customers, events), each record checked and answered; listeners told. */
  shopFeed(): Promise<Pick<ShopFeed, 'upsertProducts' | 'hideProduct' | 'upsertCustomers' | 'recordEvents'> | undefined>;
  customerProfiles(): Promise<Pick<CustomerProfileService, 'listCustomers'> | undefined>;
  dataImport(): Promise<Pick<DataImport, 'run'> | undefined>;
  /** Rules, placements and experiments: stored, audited, and told to every instance. */
  merchandising(): Promise<MerchandisingAdminService | undefined>;
  experimentReports(): Promise<Pick<ExperimentReports, 'report'> | undefined>;
  cache(): AsyncCache | undefined;
  objectStore(): ObjectStore | undefined;
}

export const NO_SERVICES: AppServices = {
  agentFactory: async () => undefined,
  modelRegistry: async () => undefined,
  trainer: async () => undefined,
  shopFeed: async () => undefined,
  customerProfiles: async () => undefined,
  dataImport: async () => undefined,
  merchandising: async () => undefined,
  experimentReports: async () => undefined,
  cache: () => undefined,
  objectStore: () => undefined,
};
