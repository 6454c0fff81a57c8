import type { AsyncCache } from '@reco/async-cache';
import type { Caller } from '@reco/base-tools';
import type { Database } from '@reco/data';
import type { ObjectStore } from '@reco/object-store';

/** What the agent routes need of @reco/agent's HybridAgent (structurally its `chat` and `chatStream`). */
export interface ChatAgent {
  chat(message: string, options?: { signal?: AbortSignal }): Promise<unknown>;
  chatStream(message: string, options?: { signal?: AbortSignal }): AsyncIterableIterator<{ type: string }>;
}

/** @reco/agent's CreateHybridAgent: one agent per conversation, bound to one shopper. */
export type AgentFactory = (options: { sessionId: string; userId?: string; caller?: Caller; requestId?: string }) => ChatAgent;

export interface TrainProgress {
  progress?: number;
  message?: string;
}

/** What the routes use of the recommendation service (@reco/recommendation-tools), when it is registered. */
export interface RecommendationService {
  train(options?: { signal?: AbortSignal; onProgress?: (progress: TrainProgress) => void }): Promise<unknown>;
  /** Stores one feedback event and invalidates what it changes in the cache. */
  recordEvent(event: FeedbackEventInput): Promise<unknown>;
  /** Reloads the active model after an activation, when the service caches it. */
  reload?(): Promise<unknown>;
  /** The TensorFlow.js backend its model runs on. */
  tensorflowBackend?(): string | undefined;
  /** Loads the active model and logs the TF.js backend; the server calls it at start. */
  start?(): Promise<unknown>;
}

export interface FeedbackEventInput {
  customerId: string;
  productId: string;
  type: 'view' | 'cart' | 'purchase' | 'return';
  occurredAt: Date;
}

/**
 * Services the routes resolve when they run, so a lib registered later (or not at all) changes
 * the answer (503 UNAVAILABLE) but never the app's start-up. Each returns undefined when absent.
 */
export interface AppServices {
  agentFactory(): Promise<AgentFactory | undefined>;
  recommendations(): Promise<RecommendationService | undefined>;
  database(): Promise<Database | undefined>;
  cache(): AsyncCache | undefined;
  objectStore(): ObjectStore | undefined;
}

export const NO_SERVICES: AppServices = {
  agentFactory: async () => undefined,
  recommendations: async () => undefined,
  database: async () => undefined,
  cache: () => undefined,
  objectStore: () => undefined,
};
