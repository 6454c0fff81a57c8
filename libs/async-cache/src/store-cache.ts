import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { AsyncCache, CacheEntryOptions, CacheLoader, CacheStats } from './async-cache';
import type { CacheCounters } from './cache-counters';
import { errorMessage, type CacheLogger } from './cache-logger';
import type { CacheStore, LockAttempt, NamespaceScope, ReadResult, WriteTiming } from './cache-store';
import { SingleFlight } from './single-flight';

export interface StoreCacheSettings {
  defaultTtlMs: number;
  /** Cap on any entry's lifetime (TTL plus stale window). */
  maxTtlMs: number;
  /** How long a cross-process load lock lives if its holder dies. */
  lockTtlMs: number;
  /** How long a process waits for another's load before loading itself. */
  lockWaitMs: number;
  lockPollMs: number;
}

/** What every namespace view of one cache shares. */
interface Shared {
  store: CacheStore;
  counters: CacheCounters;
  /** Loads in progress, per key. */
  flights: SingleFlight;
  /** Reads in progress, per key: a burst of callers for one key costs one round trip. */
  reads: SingleFlight;
  settings: StoreCacheSettings;
  logger: CacheLogger;
}

const tracer = trace.getTracer('@reco/async-cache');

/** AsyncCache over any CacheStore: namespaces, TTL and stale-while-revalidate, single-flight, stats. */
export class StoreCache implements AsyncCache {
  private readonly scope: NamespaceScope;
  private readonly keyPrefix: string;

  constructor(
    private readonly shared: Shared,
    private readonly path: readonly string[] = [],
  ) {
    this.scope = path.map((_, i) => path.slice(0, i + 1).join(':'));
    this.keyPrefix = path.length > 0 ? `${path.join(':')}:` : '';
  }

  async get<T>(key: string): Promise<T | undefined> {
    const { entry } = await this.read(this.qualify(key));
    if (entry && entry.f > Date.now()) {
      this.shared.counters.hits++;
      return entry.v as T;
    }
    this.shared.counters.misses++;
    return undefined;
  }

  peek<T>(key: string): T | undefined {
    const entry = this.shared.store.peekNow?.(this.qualify(key), this.scope);
    if (!entry) return undefined;
    this.shared.counters.hits++;
    return entry.v as T;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const entries = await this.shared.store.readMany(keys.map((key) => this.qualify(key)), this.scope);
    const now = Date.now();
    return entries.map((entry) => {
      if (entry && entry.f > now) {
        this.shared.counters.hits++;
        return entry.v as T;
      }
      this.shared.counters.misses++;
      return undefined;
    });
  }

  async set<T>(key: string, value: T, options?: CacheEntryOptions): Promise<void> {
    if (value === undefined) throw new TypeError(`cache.set(${JSON.stringify(key)}): undefined cannot be cached (it means "absent")`);
    await this.shared.store.write(this.qualify(key), value, this.timing(options), this.scope, { kind: 'set' });
  }

  async delete(key: string): Promise<void> {
    await this.shared.store.remove([this.qualify(key)]);
  }

  getOrLoad<T>(key: string, loader: CacheLoader<T>, options?: CacheEntryOptions): Promise<T> {
    // Only below a span (a request's, a job's): without a tracing SDK there never is one, and a hit costs no span at all.
    if (!trace.getActiveSpan()) return this.lookUpOrLoad(key, loader, options);
    // The loader's own spans (database queries) nest under this one.
    // Only the namespace's first part (`recs`, `users`): the rest may name a customer.
    return tracer.startActiveSpan('cache getOrLoad', { kind: SpanKind.INTERNAL, attributes: { 'cache.area': this.path[0] ?? '' } }, async (span) => {
      try {
        return await this.lookUpOrLoad(key, loader, options, (outcome) => span.setAttribute('cache.outcome', outcome));
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  namespace(name: string): AsyncCache {
    return new StoreCache(this.shared, [...this.path, ...splitNamespace(name)]);
  }

  async invalidateNamespace(name: string): Promise<void> {
    const path = [...this.path, ...splitNamespace(name)];
    await this.shared.store.bumpNamespace(path.join(':'));
  }

  stats(): CacheStats {
    return this.shared.counters.snapshot(this.shared.store.available);
  }

  ping(signal?: AbortSignal): Promise<void> {
    return this.shared.store.ping(signal);
  }

  close(): Promise<void> {
    return this.shared.store.close();
  }

  private async lookUpOrLoad<T>(key: string, loader: CacheLoader<T>, options: CacheEntryOptions | undefined, outcome?: (o: 'hit' | 'stale' | 'miss') => void): Promise<T> {
    const qualified = this.qualify(key);
    this.timing(options); // validates options before any I/O
    const { entry } = await this.read(qualified);
    if (entry) {
      if (entry.f > Date.now()) {
        this.shared.counters.hits++;
        outcome?.('hit');
        return entry.v as T;
      }
      // Past its TTL but inside its stale window: answer now, refresh once in the background.
      this.shared.counters.staleHits++;
      outcome?.('stale');
      this.refreshInBackground(qualified, loader, options);
      return entry.v as T;
    }
    this.shared.counters.misses++;
    outcome?.('miss');
    return this.shared.flights.run(qualified, () => this.loadMissing(qualified, loader, options));
  }

  private read(qualified: string): Promise<ReadResult> {
    const { store } = this.shared;
    if (!store.remoteReads) return store.read(qualified, this.scope);
    // The scope is part of the flight key: 'a' + 'b:c' and 'a:b' + 'c' qualify alike but are checked against different versions.
    return this.shared.reads.run(`${this.scope.length}|${qualified}`, () => store.read(qualified, this.scope));
  }

  private qualify(key: string): string {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('cache keys are non-empty strings');
    return this.keyPrefix + key;
  }

  private timing(options: CacheEntryOptions | undefined): WriteTiming {
    const { defaultTtlMs, maxTtlMs } = this.shared.settings;
    const ttlMs = options?.ttlMs ?? defaultTtlMs;
    const staleMs = options?.staleWhileRevalidateMs ?? 0;
    if (!(ttlMs > 0) || !Number.isFinite(ttlMs)) throw new RangeError(`cache ttlMs must be a positive number, got ${ttlMs}`);
    if (!(staleMs >= 0) || !Number.isFinite(staleMs)) throw new RangeError(`cache staleWhileRevalidateMs must be >= 0, got ${staleMs}`);
    const now = Date.now();
    return { freshUntil: now + Math.min(ttlMs, maxTtlMs), lifetimeMs: Math.min(ttlMs + staleMs, maxTtlMs) };
  }

  private refreshInBackground<T>(qualified: string, loader: CacheLoader<T>, options: CacheEntryOptions | undefined): void {
    if (this.shared.flights.has(qualified)) return;
    this.shared.flights.run(qualified, () => this.loadMissing(qualified, loader, options)).catch((err: unknown) => {
      this.shared.logger.warn({ key: qualified, err: errorMessage(err) }, 'background cache refresh failed; stale value kept');
    });
  }

  /**
   * Inside the flight. Takes the cross-process lock when the store has one (waiting, bounded, when
   * another process holds it), then reads again before loading: a value may have landed since the
   * caller's miss (another flight or process just finished), and loading it twice is what we avoid.
   */
  private async loadMissing<T>(qualified: string, loader: CacheLoader<T>, options: CacheEntryOptions | undefined): Promise<T> {
    const { store, settings, counters } = this.shared;
    const lock = store.lock;
    let attempt: LockAttempt = lock ? await lock.acquire(qualified, settings.lockTtlMs) : { status: 'unavailable' };
    if (lock && attempt.status === 'held') {
      counters.lockWaits++;
      const deadline = Date.now() + settings.lockWaitMs;
      while (attempt.status === 'held' && Date.now() < deadline) {
        await sleep(Math.min(settings.lockPollMs, Math.max(1, deadline - Date.now())));
        const polled = await store.read(qualified, this.scope);
        if (polled.entry && polled.entry.f > Date.now()) return polled.entry.v as T;
        // The holder may have failed or died: take over.
        attempt = await lock.acquire(qualified, settings.lockTtlMs);
      }
    }
    try {
      const current = await store.read(qualified, this.scope);
      if (current.entry && current.entry.f > Date.now()) return current.entry.v as T;
      counters.loads++;
      let value: T;
      try {
        value = await loader();
      } catch (err) {
        counters.loadErrors++;
        throw err;
      }
      // Timing is taken after the load, so a slow loader does not eat into the TTL; the versions
      // are the ones read before it, so a load that raced an invalidation is stored as stale.
      if (value !== undefined) await store.write(qualified, value, this.timing(options), this.scope, { kind: 'load', versions: current.versions });
      return value;
    } finally {
      if (lock && attempt.status === 'acquired') await lock.release(qualified, attempt.token);
    }
  }
}

function splitNamespace(name: string): string[] {
  const parts = name.split(':');
  if (parts.some((part) => part.length === 0)) throw new TypeError(`invalid cache namespace ${JSON.stringify(name)}`);
  return parts;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
