import type { SessionTurn } from './session-turn';
import type { SessionStore } from './session-store';

/** The part of @reco/async-cache's AsyncCache that session memory needs. */
export interface SessionCache {
  getOrLoad<T>(key: string, loader: () => Promise<T>, options?: { ttlMs?: number }): Promise<T>;
  delete(key: string): Promise<void>;
}

export interface SessionMemoryOptions {
  store: SessionStore;
  cache?: SessionCache;
  /** How many recent turns a planner sees. */
  maxTurns?: number;
  cacheTtlMs?: number;
}

export const DEFAULT_MEMORY_TURNS = 10;

/**
 * One session's turns: read through the cache, written to the store. The cache entry is dropped
 * after each write rather than updated, so another instance never keeps serving a stale history.
 */
export class SessionMemory {
  private readonly maxTurns: number;

  constructor(
    private readonly options: SessionMemoryOptions,
    readonly sessionId: string,
    private readonly customerId: string | undefined,
  ) {
    this.maxTurns = options.maxTurns ?? DEFAULT_MEMORY_TURNS;
  }

  async turns(): Promise<SessionTurn[]> {
    const load = () => this.options.store.loadTurns(this.sessionId, { customerId: this.customerId, limit: this.maxTurns });
    if (!this.options.cache) return load();
    // The owner is part of the key so a cached history is never answered to another customer.
    return this.options.cache.getOrLoad(this.cacheKey(), load, { ttlMs: this.options.cacheTtlMs ?? 10 * 60_000 });
  }

  async append(turn: SessionTurn): Promise<void> {
    await this.options.store.appendTurn(this.sessionId, turn, { customerId: this.customerId });
    await this.options.cache?.delete(this.cacheKey());
  }

  private cacheKey(): string {
    return `agent:session:${this.sessionId}:${this.customerId ?? '-'}`;
  }
}
