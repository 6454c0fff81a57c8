import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { decodeEntry, encodeEntry } from './cache-codec';
import type { CacheCounters } from './cache-counters';
import { errorMessage, type CacheLogger } from './cache-logger';
import {
  versionsMatch,
  type CacheStore,
  type LoadLock,
  type LockAttempt,
  type NamespaceScope,
  type ReadResult,
  type StoredEntry,
  type WriteOrigin,
  type WriteTiming,
} from './cache-store';
import { closeRedis, whenReady } from './redis-connection';
import type { OutageMonitor } from './outage-monitor';
import { RedisRecovery } from './redis-recovery';

export interface RedisStoreOptions {
  /** Per deployment, e.g. `reco:prod:`; every key and channel starts with it. */
  keyPrefix: string;
  /** Namespace version keys live this long after their last bump (no entry outlives it). */
  maxTtlMs: number;
  counters: CacheCounters;
  monitor: OutageMonitor;
  logger: CacheLogger;
  /** See RedisRecoveryOptions: one probe interval plus one command timeout. */
  resumeDelayMs: number;
}

const UNAVAILABLE = Symbol('unavailable');

// Deletes the lock only if it is still ours: it may have expired and been taken by another process.
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Entries in Redis (TTL via PX), namespace versions via INCR, load locks via SET NX PX. Every
 * entry also records the deployment's epoch, which ends outages that may have left entries stale
 * (see RedisRecovery).
 */
export class RedisStore implements CacheStore {
  readonly lock: LoadLock;
  readonly remoteReads = true;
  /** Tags this instance's broadcasts, so it can ignore its own. */
  readonly instanceId = randomUUID();
  private readonly prefix: string;
  private readonly recovery: RedisRecovery;

  constructor(
    readonly redis: Redis,
    private readonly options: RedisStoreOptions,
  ) {
    this.prefix = options.keyPrefix;
    this.lock = { acquire: (key, ttlMs) => this.acquireLock(key, ttlMs), release: (key, token) => this.releaseLock(key, token) };
    this.recovery = new RedisRecovery(redis, options.monitor, {
      epochKey: this.epochKey,
      channel: this.channel,
      instanceId: this.instanceId,
      maxTtlMs: options.maxTtlMs,
      resumeDelayMs: options.resumeDelayMs,
    });
  }

  /** `listener` runs as each outage ends, before any read goes to Redis again. */
  onRecovered(listener: () => void): void {
    this.recovery.onRecovered(listener);
  }

  get available(): boolean {
    return this.options.monitor.available;
  }

  dataKey(key: string): string {
    return `${this.prefix}k:${key}`;
  }

  versionKey(id: string): string {
    return `${this.prefix}ns:${id}`;
  }

  get epochKey(): string {
    return `${this.prefix}epoch`;
  }

  /** The epoch, then the scope's namespaces: what an entry's `n` records. */
  private versionKeys(scope: NamespaceScope): string[] {
    return [this.epochKey, ...scope.map((id) => this.versionKey(id))];
  }

  lockKey(key: string): string {
    return `${this.prefix}lock:${key}`;
  }

  get channel(): string {
    return `${this.prefix}invalidate`;
  }

  async read(key: string, scope: NamespaceScope): Promise<ReadResult> {
    const versionKeys = this.versionKeys(scope);
    const raw = await this.command('read', () => this.redis.mget(...versionKeys, this.dataKey(key)));
    if (raw === UNAVAILABLE) return { entry: undefined, versions: undefined };
    const versions = raw.slice(0, versionKeys.length).map(toVersion);
    return { entry: this.decode(key, raw[versionKeys.length] ?? null, versions), versions };
  }

  async readMany(keys: readonly string[], scope: NamespaceScope): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return [];
    const versionKeys = this.versionKeys(scope);
    const raw = await this.command('readMany', () => this.redis.mget(...versionKeys, ...keys.map((key) => this.dataKey(key))));
    if (raw === UNAVAILABLE) return keys.map(() => undefined);
    const versions = raw.slice(0, versionKeys.length).map(toVersion);
    return keys.map((key, i) => this.decode(key, raw[versionKeys.length + i] ?? null, versions));
  }

  async write(key: string, value: unknown, timing: WriteTiming, scope: NamespaceScope, origin: WriteOrigin): Promise<void> {
    const change = origin.kind === 'set';
    let known = origin.kind === 'load' ? origin.versions : undefined;
    if (!known) {
      const raw = await this.command('write', () => this.redis.mget(...this.versionKeys(scope)), change);
      if (raw === UNAVAILABLE) return;
      known = raw.map(toVersion);
    }
    const text = this.encode(key, { v: value, f: timing.freshUntil, s: Date.now() + timing.lifetimeMs, n: known });
    if (text === undefined) return;
    const lifetimeMs = Math.max(1, Math.round(timing.lifetimeMs));
    await this.command('write', () => this.redis.set(this.dataKey(key), text, 'PX', lifetimeMs), change);
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.command('delete', () => this.redis.unlink(...keys.map((key) => this.dataKey(key))), true);
  }

  async bumpNamespace(id: string): Promise<void> {
    const key = this.versionKey(id);
    await this.command('invalidate', () => this.redis.multi().incr(key).pexpire(key, this.options.maxTtlMs).exec(), true);
  }

  /** Broadcasts are invalidations: a change. */
  async publish(message: string): Promise<void> {
    await this.command('publish', () => this.redis.publish(this.channel, message), true);
  }

  /** Rejects at once during a known outage (readiness must not wait on a dead Redis); waits for the first connection. */
  async ping(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (!this.options.monitor.available) throw new Error('Redis unavailable: the cache is in an outage');
    await whenReady(this.redis, signal);
    const answer = await this.redis.ping();
    if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
  }

  async close(): Promise<void> {
    this.recovery.closed();
    await closeRedis(this.redis);
  }

  private async acquireLock(key: string, ttlMs: number): Promise<LockAttempt> {
    const token = randomUUID();
    const answer = await this.command('lock', () => this.redis.set(this.lockKey(key), token, 'PX', ttlMs, 'NX'));
    if (answer === UNAVAILABLE) return { status: 'unavailable' };
    return answer === 'OK' ? { status: 'acquired', token } : { status: 'held' };
  }

  private async releaseLock(key: string, token: string): Promise<void> {
    await this.command('unlock', () => this.redis.eval(RELEASE_LOCK, 1, this.lockKey(key), token));
  }

  /**
   * Runs one Redis call within the outage policy: skipped while down (no wait), failures counted
   * and start the outage. A `change` (set, delete, invalidation) that does not reach Redis is told
   * to the recovery, which then makes entries written before the outage misses.
   */
  private async command<R>(during: string, run: () => Promise<R>, change = false): Promise<R | typeof UNAVAILABLE> {
    const { monitor, counters } = this.options;
    if (!this.recovery.allows(change)) {
      counters.fallbacks++;
      if (change) this.recovery.changeDropped();
      return UNAVAILABLE;
    }
    try {
      return await run();
    } catch (err) {
      counters.errors++;
      counters.fallbacks++;
      // A reply error (wrong type, script error) is the data's fault, not an outage.
      if (isReplyError(err)) this.options.logger.error({ during, err: errorMessage(err) }, 'Redis rejected a cache command');
      else {
        monitor.failed(err, during);
        if (change) this.recovery.changeDropped();
      }
      return UNAVAILABLE;
    }
  }

  private decode(key: string, text: string | null, versions: readonly number[]): StoredEntry | undefined {
    if (text === null) return undefined;
    let entry: StoredEntry;
    try {
      entry = decodeEntry(text);
    } catch (err) {
      this.options.counters.errors++;
      this.options.logger.warn({ key, err: errorMessage(err) }, 'undecodable value in Redis cache: treated as a miss');
      return undefined;
    }
    return versionsMatch(entry, versions) ? entry : undefined;
  }

  private encode(key: string, entry: StoredEntry): string | undefined {
    try {
      return encodeEntry(entry);
    } catch (err) {
      this.options.counters.errors++;
      this.options.logger.warn({ key, err: errorMessage(err) }, 'value cannot be stored in Redis (not JSON-encodable): not cached');
      return undefined;
    }
  }
}

function toVersion(raw: string | null): number {
  return raw === null ? 0 : Number(raw);
}

function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}
