import type Redis from 'ioredis';
import { encodeInvalidation } from './invalidation-bus';
import type { OutageMonitor } from './outage-monitor';

export interface RedisRecoveryOptions {
  /** The deployment's epoch key: `<prefix>epoch`. */
  epochKey: string;
  /** The invalidation channel, where the bump is announced as `everything`. */
  channel: string;
  /** Tags the announcement, so this instance's own bus ignores it. */
  instanceId: string;
  /** The epoch key lives this long after its last bump (no entry outlives it). */
  maxTtlMs: number;
  /**
   * How long an instance that lost nothing waits, once Redis answers again, before it reads Redis:
   * one probe interval and one command timeout, so that every other instance sharing this Redis
   * has probed it (and bumped the epoch if it dropped a change) first.
   */
  resumeDelayMs: number;
}

/**
 * How one instance ends a Redis outage without serving entries the outage left stale.
 *
 * An invalidation, set or delete that could not reach Redis (here, or on another instance) leaves
 * an old entry in Redis with its TTL to live. Every entry records the deployment's epoch, and an
 * outage after which this instance dropped a change, or lost its connection (other instances may
 * have dropped changes then too), ends with the epoch bumped and `everything` broadcast: entries
 * written before it read as misses on every instance. An outage that dropped only reads and load
 * fills (a hung Redis, a slow moment) keeps the cache warm: the instance waits `resumeDelayMs` so
 * another instance can bump first. Either way L1 copies are dropped (`onRecovered`) before any
 * read goes to Redis again.
 */
export class RedisRecovery {
  private readonly listeners: (() => void)[] = [];
  private bumpDue = false;
  /** Redis answers again, the outage is not over yet: changes go through, reads still fall back. */
  private resuming = false;
  private wasReady = false;
  private closing = false;

  constructor(
    private readonly redis: Redis,
    private readonly monitor: OutageMonitor,
    private readonly options: RedisRecoveryOptions,
  ) {
    monitor.probeWith(() => this.probe());
    // Connection errors and a lost connection start the outage; only a successful probe ends it.
    redis.on('error', (err) => monitor.failed(err, 'connection'));
    redis.on('close', () => {
      if (!this.wasReady || this.closing) return;
      this.wasReady = false;
      this.bumpDue = true;
      monitor.failed(new Error('connection to Redis lost'), 'connection');
    });
    redis.on('ready', () => {
      this.wasReady = true;
      void monitor.probeNow();
    });
  }

  /** `listener` runs as each outage ends, before any read goes to Redis again. */
  onRecovered(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Whether a command may go to Redis now: a change also while the outage is ending. */
  allows(change: boolean): boolean {
    return this.monitor.allows() || (change && this.resuming);
  }

  /** A change (set, delete, invalidation, broadcast) did not reach Redis. */
  changeDropped(): void {
    this.bumpDue = true;
  }

  /** The client is being closed: its `close` is no outage. */
  closed(): void {
    this.closing = true;
    this.monitor.stop();
  }

  private async probe(): Promise<void> {
    if (this.redis.status !== 'ready') throw new Error(`Redis connection is ${this.redis.status}`);
    await this.redis.ping(); // a hung Redis fails here, so no change waits on it
    this.resuming = true;
    try {
      if (this.bumpDue) await this.bumpEpoch();
      else await new Promise((resolve) => setTimeout(resolve, this.options.resumeDelayMs).unref());
    } finally {
      this.resuming = false;
    }
    for (const listener of this.listeners) listener();
  }

  private async bumpEpoch(): Promise<void> {
    const { epochKey, maxTtlMs, channel, instanceId } = this.options;
    // Cleared before the bump: changes from now on go through (resuming) or spoil this probe.
    this.bumpDue = false;
    try {
      const everything = encodeInvalidation(instanceId, { everything: true });
      const results = await this.redis.multi().incr(epochKey).pexpire(epochKey, maxTtlMs).publish(channel, everything).exec();
      const failed = results?.find(([err]) => err !== null);
      if (!results || failed) throw failed?.[0] ?? new Error('epoch bump aborted');
    } catch (err) {
      this.bumpDue = true;
      throw err;
    }
  }
}
