import type { CacheStore, LoadLock, NamespaceScope, ReadResult, StoredEntry, WriteOrigin, WriteTiming } from './cache-store';
import { InvalidationBus, type Invalidation } from './invalidation-bus';
import type { CacheLogger } from './cache-logger';
import type { MemoryStore } from './memory-store';
import type { RedisStore } from './redis-store';

export interface TieredStoreOptions {
  /** Longest an L1 copy lives: the staleness bound when an invalidation message is missed. */
  l1TtlMs: number;
  /** While Redis is down (no invalidation can arrive), the oldest L1 copy still served. */
  outageL1MaxAgeMs: number;
  logger: CacheLogger;
}

/**
 * L1 in process in front of L2 Redis. Sets, deletes and invalidations go to Redis and are
 * broadcast so other instances drop their L1 copies (a load's fill replaces nothing, so it is not
 * broadcast). While Redis is down, L1 answers only copies younger than outageL1MaxAgeMs (another
 * instance's write cannot invalidate them then, so older ones may be stale); as the outage ends
 * (see RedisRecovery), L1 is dropped before Redis is read again.
 */
export class TieredStore implements CacheStore {
  readonly lock: LoadLock;
  readonly remoteReads = true;
  private readonly bus: InvalidationBus;

  constructor(
    private readonly l1: MemoryStore,
    private readonly l2: RedisStore,
    private readonly options: TieredStoreOptions,
  ) {
    this.lock = l2.lock;
    this.bus = new InvalidationBus(l2, (message) => this.applyRemote(message), options.logger);
    l2.onRecovered(() => this.l1.clear());
  }

  get available(): boolean {
    return this.l2.available;
  }

  async read(key: string, scope: NamespaceScope): Promise<ReadResult> {
    const local = this.trusted(this.l1.readNow(key, this.l1.currentVersions(scope)));
    if (local && local.f > Date.now()) return { entry: local, versions: undefined };
    const remote = await this.l2.read(key, scope);
    if (remote.entry) this.fillL1(key, remote.entry, scope);
    // Redis down: a stale L1 copy still beats the loader for stale-while-revalidate.
    return remote.entry || remote.versions ? remote : { entry: local, versions: undefined };
  }

  /** L1 only: a copy that pub/sub invalidation keeps current and l1TtlMs bounds. */
  peekNow(key: string, scope: NamespaceScope): StoredEntry | undefined {
    return this.trusted(this.l1.peekNow(key, scope));
  }

  async readMany(keys: readonly string[], scope: NamespaceScope): Promise<(StoredEntry | undefined)[]> {
    const versions = this.l1.currentVersions(scope);
    const now = Date.now();
    const found = keys.map((key) => {
      const local = this.trusted(this.l1.readNow(key, versions));
      return local && local.f > now ? local : undefined;
    });
    const missing = keys.filter((_, i) => found[i] === undefined);
    if (missing.length === 0) return found;
    const remote = await this.l2.readMany(missing, scope);
    let next = 0;
    return found.map((entry, i) => {
      if (entry) return entry;
      const fetched = remote[next++];
      if (fetched) this.fillL1(keys[i] as string, fetched, scope);
      return fetched;
    });
  }

  async write(key: string, value: unknown, timing: WriteTiming, scope: NamespaceScope, origin: WriteOrigin): Promise<void> {
    this.l1.writeNow(key, this.l1Entry({ v: value, f: timing.freshUntil, s: Date.now() + timing.lifetimeMs, n: [] }, scope));
    await this.l2.write(key, value, timing, scope, origin);
    if (origin.kind === 'set') await this.bus.publish({ keys: [key] });
  }

  async remove(keys: readonly string[]): Promise<void> {
    this.l1.removeNow(keys);
    await this.l2.remove(keys);
    await this.bus.publish({ keys: [...keys] });
  }

  async bumpNamespace(id: string): Promise<void> {
    this.l1.bumpNow(id);
    await this.l2.bumpNamespace(id);
    await this.bus.publish({ namespace: id });
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.l2.ping(signal);
    await this.bus.ready(signal);
  }

  async close(): Promise<void> {
    this.bus.close();
    await this.l2.close();
    await this.l1.close();
  }

  private applyRemote(message: Invalidation): void {
    if ('keys' in message) this.l1.removeNow(message.keys);
    else if ('namespace' in message) this.l1.bumpNow(message.namespace);
    else this.l1.clear();
  }

  private fillL1(key: string, entry: StoredEntry, scope: NamespaceScope): void {
    this.l1.writeNow(key, this.l1Entry(entry, scope));
  }

  /** The L1 copy: L1's own namespace versions, at most l1TtlMs of life, and when it was stored. */
  private l1Entry(entry: StoredEntry, scope: NamespaceScope): StoredEntry {
    const now = Date.now();
    return { v: entry.v, f: entry.f, s: Math.min(entry.s, now + this.options.l1TtlMs), n: this.l1.currentVersions(scope), t: now };
  }

  /** An L1 copy, unless Redis is down and it is older than invalidations can be missed for. */
  private trusted(entry: StoredEntry | undefined): StoredEntry | undefined {
    if (!entry || this.l2.available) return entry;
    return Date.now() - (entry.t ?? 0) <= this.options.outageL1MaxAgeMs ? entry : undefined;
  }
}
