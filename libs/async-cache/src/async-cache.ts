/** Freshness of one cached value. */
export interface CacheEntryOptions {
  /** How long the value is fresh. Default: the cache's `defaultTtlMs`. */
  ttlMs?: number;
  /** After `ttlMs`, how long `getOrLoad` may still answer the stale value while one background load refreshes it. */
  staleWhileRevalidateMs?: number;
}

/** Produces the value on a miss; `undefined` is returned to the caller but never cached. */
export type CacheLoader<T> = () => Promise<T> | T;

/** Counters since the cache was created, shared by all its namespaces. */
export interface CacheStats {
  /** Fresh values answered (get, getMany, getOrLoad). */
  hits: number;
  /** Stale values answered by getOrLoad while a background refresh runs. */
  staleHits: number;
  misses: number;
  /** Loader calls, and how many of them threw. */
  loads: number;
  loadErrors: number;
  /** Backend failures: failed or timed-out Redis commands, undecodable stored values, unencodable values. */
  errors: number;
  /** Operations answered without the backend (it was down or slow). */
  fallbacks: number;
  /** Outages seen: each logs one warning when it starts. */
  outages: number;
  /** getOrLoad calls that waited for another process's load (distributed single-flight). */
  lockWaits: number;
  /** False while the backend is considered down. */
  available: boolean;
}

/**
 * The shared async cache. Keys are strings. Backend trouble never fails a call: reads count as
 * misses and writes are dropped, so `getOrLoad` always answers from the loader at worst.
 * Values are shared, not copied, by the in-process backends: treat them as immutable.
 *
 * ```ts
 * const recs = cache.namespace('recs:user:17850');
 * const top = await recs.getOrLoad('top10', () => loadFromDb(), { ttlMs: 60_000 });
 * ```
 */
export interface AsyncCache {
  /** The fresh value, or undefined. */
  get<T>(key: string): Promise<T | undefined>;
  /**
   * The fresh value if this process holds it (memory, or the tiered cache's L1), read without I/O;
   * otherwise undefined, and the caller goes on to `get` or `getOrLoad`. For hot paths where a
   * promise per hit costs more than the hit. Counts a hit when found, nothing when not.
   */
  peek<T>(key: string): T | undefined;
  /** Fresh values in the order of `keys`, undefined where missing. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Stores a value; `undefined` is refused (it means "absent"). */
  set<T>(key: string, value: T, options?: CacheEntryOptions): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * The cached value, or the loader's. Concurrent calls for one missing key run the loader once
   * per process, and once across processes on Redis (a short lock; waiters poll, bounded).
   */
  getOrLoad<T>(key: string, loader: CacheLoader<T>, options?: CacheEntryOptions): Promise<T>;
  /**
   * A view whose keys live under `name`; `a:b` is the same as `.namespace('a').namespace('b')`.
   * A key belongs to the namespace it was written through.
   */
  namespace(name: string): AsyncCache;
  /** Makes every key under the namespace `name` (relative to this view, nested ones included) a miss, on every instance. */
  invalidateNamespace(name: string): Promise<void>;
  stats(): CacheStats;
  /** For health checks: resolves when the backend answers, rejects otherwise or when `signal` aborts. */
  ping(signal?: AbortSignal): Promise<void>;
  /** Releases connections; closes the backend shared by all views of this cache. */
  close(): Promise<void>;
}
