import type Redis from 'ioredis';
import { errorMessage, type CacheLogger } from './cache-logger';
import type { RedisStore } from './redis-store';

/** What one instance tells the others: drop these keys, bump this namespace, or drop everything. */
export type Invalidation = { keys: string[] } | { namespace: string } | { everything: true };

/** The wire form, tagged with the sending instance so it ignores its own messages. */
export function encodeInvalidation(from: string, message: Invalidation): string {
  return JSON.stringify({ from, ...message });
}

/**
 * Broadcasts invalidations over Redis pub/sub on the deployment's channel. The subscriber is a
 * duplicate connection (a subscribed connection cannot run commands). Messages missed while
 * disconnected cannot be replayed, so a reconnect reports `everything`.
 */
export class InvalidationBus {
  private readonly subscriber: Redis;
  private connectedBefore = false;
  private subscribed = false;

  constructor(
    private readonly store: RedisStore,
    private readonly onInvalidation: (message: Invalidation) => void,
    private readonly logger: CacheLogger,
  ) {
    this.subscriber = store.redis.duplicate({ autoResubscribe: false });
    this.subscriber.on('error', () => undefined); // outages are reported once by the command connection
    this.subscriber.on('ready', () => this.subscribe());
    this.subscriber.on('close', () => {
      this.subscribed = false;
    });
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === store.channel) this.receive(text);
    });
  }

  async publish(message: Invalidation): Promise<void> {
    await this.store.publish(encodeInvalidation(this.store.instanceId, message));
  }

  /** Resolves once subscribed, so tests and start-up can wait for it. */
  async ready(signal?: AbortSignal): Promise<void> {
    while (!this.subscribed) {
      signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private subscribe(): void {
    this.subscriber.subscribe(this.store.channel).then(
      () => {
        this.subscribed = true;
        if (this.connectedBefore) this.onInvalidation({ everything: true });
        this.connectedBefore = true;
      },
      (err: unknown) => this.logger.warn({ err: errorMessage(err) }, 'cache invalidation subscribe failed'),
    );
  }

  private receive(text: string): void {
    let parsed: { from?: string } & Partial<{ keys: unknown; namespace: unknown; everything: unknown }>;
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.from === this.store.instanceId) return;
    if (Array.isArray(parsed.keys)) this.onInvalidation({ keys: parsed.keys.filter((k): k is string => typeof k === 'string') });
    else if (typeof parsed.namespace === 'string') this.onInvalidation({ namespace: parsed.namespace });
    else if (parsed.everything === true) this.onInvalidation({ everything: true });
  }

  close(): void {
    this.subscribed = false;
    this.subscriber.disconnect();
  }
}
