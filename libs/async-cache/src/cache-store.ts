/**
 * The storage seam under StoreCache: memory, Redis or both. Stores never throw for backend
 * trouble; they count it, report the outage and answer "miss" or drop the write.
 *
 * Namespaces are version counters, not key scans: an entry records the versions of the namespaces
 * it was written under (`n`), and a read that sees a different current version is a miss.
 * Invalidation is one INCR, works across instances, and needs no SCAN; old entries die by TTL.
 */
export interface StoredEntry {
  v: unknown;
  /** Fresh until (epoch ms). */
  f: number;
  /** Kept until (epoch ms): fresh time plus the stale-while-revalidate window. */
  s: number;
  /** Versions of the entry's namespaces, outermost first, when it was written (in Redis, after the deployment's epoch). */
  n: number[];
  /** L1 copies only: when this process stored the copy (epoch ms). */
  t?: number;
}

/** Namespace ids an entry lives under, outermost first: `recs`, `recs:user`, `recs:user:17850`. */
export type NamespaceScope = readonly string[];

export interface ReadResult {
  entry: StoredEntry | undefined;
  /** The scope's current versions, when the read learned them; handed back to `write`. */
  versions: number[] | undefined;
}

export interface WriteTiming {
  freshUntil: number;
  lifetimeMs: number;
}

/**
 * Why a value is written. A `load` fills a miss with what the loader gave (`versions` from the read
 * before it, so a load that raced an invalidation is written as already stale); losing it in an
 * outage leaves nothing stale. A `set` replaces a value; losing it may leave the old one in place.
 */
export type WriteOrigin = { kind: 'set' } | { kind: 'load'; versions: number[] | undefined };

export type LockAttempt = { status: 'acquired'; token: string } | { status: 'held' } | { status: 'unavailable' };

/** Cross-process single-flight: a short lock on the key being loaded. */
export interface LoadLock {
  acquire(key: string, ttlMs: number): Promise<LockAttempt>;
  release(key: string, token: string): Promise<void>;
}

export interface CacheStore {
  /** Present when several processes share the store. */
  readonly lock: LoadLock | undefined;
  readonly available: boolean;
  /** True when a read is a round trip worth sharing among concurrent callers (not for in-process memory). */
  readonly remoteReads: boolean;
  read(key: string, scope: NamespaceScope): Promise<ReadResult>;
  /** A fresh entry this process holds, read synchronously; absent on stores without an in-process copy. */
  peekNow?(key: string, scope: NamespaceScope): StoredEntry | undefined;
  readMany(keys: readonly string[], scope: NamespaceScope): Promise<(StoredEntry | undefined)[]>;
  write(key: string, value: unknown, timing: WriteTiming, scope: NamespaceScope, origin: WriteOrigin): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
  bumpNamespace(id: string): Promise<void>;
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export function versionsMatch(entry: StoredEntry, versions: readonly number[]): boolean {
  if (entry.n.length !== versions.length) return false;
  return entry.n.every((v, i) => v === versions[i]);
}
