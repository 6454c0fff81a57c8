import type { AsyncCache } from './async-cache';
import { CacheCounters } from './cache-counters';
import { silentLogger, type CacheLogger } from './cache-logger';
import type { CacheStore } from './cache-store';
import { MemoryStore } from './memory-store';
import { OutageMonitor } from './outage-monitor';
import { createRedisConnection } from './redis-connection';
import { RedisStore } from './redis-store';
import { SingleFlight } from './single-flight';
import { StoreCache } from './store-cache';
import { TieredStore } from './tiered-store';

export type CacheBackend = 'memory' | 'redis' | 'tiered';

export interface CacheOptions {
  /** `memory` (one process), `redis` (shared), `tiered` (in-process L1 in front of Redis). */
  backend?: CacheBackend;
  redisUrl?: string;
  /** Per deployment, so several deployments can share one Redis: `reco:prod:`. */
  keyPrefix?: string;
  /** Bounds of the in-memory backend. */
  maxEntries?: number;
  maxBytes?: number;
  /** TTL when a call gives none, and the cap on any entry's lifetime. */
  defaultTtlMs?: number;
  maxTtlMs?: number;
  /** Tiered: L1 bounds and the longest an L1 copy lives (staleness bound if an invalidation is missed). */
  l1TtlMs?: number;
  /**
   * Tiered, while Redis is down: the oldest L1 copy still served. Other instances' invalidations
   * cannot arrive then, so this bounds how stale an answer can be during an outage.
   */
  outageL1MaxAgeMs?: number;
  l1MaxEntries?: number;
  l1MaxBytes?: number;
  /** Every Redis command is bounded by this; slower counts as an outage. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** While Redis is down every call falls back at once; a background probe runs once per this interval. */
  outageRetryMs?: number;
  /** Cross-process single-flight: lock lifetime, longest wait for another's load, poll interval. */
  lockTtlMs?: number;
  lockWaitMs?: number;
  lockPollMs?: number;
  logger?: CacheLogger;
}

export const CACHE_DEFAULTS = {
  backend: 'memory',
  redisUrl: 'redis://127.0.0.1:6379',
  keyPrefix: 'reco:',
  maxEntries: 50_000,
  maxBytes: 64 * 1024 * 1024,
  defaultTtlMs: 5 * 60_000,
  maxTtlMs: 7 * 24 * 60 * 60_000,
  l1TtlMs: 5_000,
  outageL1MaxAgeMs: 500,
  l1MaxEntries: 10_000,
  l1MaxBytes: 16 * 1024 * 1024,
  commandTimeoutMs: 250,
  connectTimeoutMs: 2_000,
  outageRetryMs: 1_000,
  lockTtlMs: 10_000,
  lockWaitMs: 3_000,
  lockPollMs: 20,
} as const satisfies Required<Omit<CacheOptions, 'logger'>>;

/** Builds a cache from plain options; usable without DI. Redis connects in the background. */
export function createCache(options: CacheOptions = {}): AsyncCache {
  const o = { ...CACHE_DEFAULTS, ...definedOnly(options) };
  const logger = options.logger ?? silentLogger;
  const counters = new CacheCounters();
  const memory = (maxEntries: number, maxBytes: number) => new MemoryStore({ maxEntries, maxBytes, maxTtlMs: o.maxTtlMs });
  const redis = () =>
    new RedisStore(createRedisConnection({ url: o.redisUrl, commandTimeoutMs: o.commandTimeoutMs, connectTimeoutMs: o.connectTimeoutMs }), {
      keyPrefix: o.keyPrefix,
      maxTtlMs: o.maxTtlMs,
      counters,
      logger,
      monitor: new OutageMonitor('Redis', logger, counters, o.outageRetryMs),
      resumeDelayMs: o.outageRetryMs + o.commandTimeoutMs,
    });

  let store: CacheStore;
  switch (o.backend) {
    case 'memory':
      store = memory(o.maxEntries, o.maxBytes);
      break;
    case 'redis':
      store = redis();
      break;
    case 'tiered':
      store = new TieredStore(memory(o.l1MaxEntries, o.l1MaxBytes), redis(), { l1TtlMs: o.l1TtlMs, outageL1MaxAgeMs: o.outageL1MaxAgeMs, logger });
      break;
    default:
      throw new RangeError(`unknown cache backend ${JSON.stringify(o.backend)} (memory, redis or tiered)`);
  }
  return new StoreCache({
    store,
    counters,
    logger,
    flights: new SingleFlight(),
    reads: new SingleFlight(),
    settings: { defaultTtlMs: o.defaultTtlMs, maxTtlMs: o.maxTtlMs, lockTtlMs: o.lockTtlMs, lockWaitMs: o.lockWaitMs, lockPollMs: o.lockPollMs },
  });
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
