import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from 'pino';

/** What one process tells the other processes of the deployment. */
export type ClusterSignal =
  | { type: 'model-activated'; name: string; version: string }
  | { type: 'search-reindex' }
  /** Rules, placements or experiments were written: re-read them now rather than at the next poll. */
  | { type: 'merchandising-changed' };

export type ClusterSignalListener = (signal: ClusterSignal) => void;

/**
 * Broadcasts that must reach every other instance at once (a new active model, a search
 * rebuild, a merchandising change); the sender acts on its own change itself. With Redis, pub/sub on the deployment's
 * channel; in a deployment of one process there is nobody to tell. A missed message is not
 * replayed: the model registry's poll (RECO_MODEL_REFRESH_MS) stays the fallback.
 */
export interface ClusterSignals {
  readonly transport: 'local' | 'redis';
  publish(signal: ClusterSignal): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: ClusterSignalListener): () => void;
  /** Resolves once messages from other processes can arrive (Redis: subscribed). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** One process: no other instance to tell. */
export class LocalClusterSignals implements ClusterSignals {
  readonly transport = 'local';

  async publish(_signal: ClusterSignal): Promise<void> {
    // Nobody to tell: the sender has acted on its own change already.
  }

  subscribe(_listener: ClusterSignalListener): () => void {
    return () => undefined;
  }

  async ready(): Promise<void> {
    // Nothing to connect.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

export interface RedisClusterSignalsOptions {
  redisUrl: string;
  /** The deployment's key prefix: the channel is `<prefix>signals`. */
  prefix: string;
  logger: Logger;
  commandTimeoutMs?: number;
}

export class RedisClusterSignals implements ClusterSignals {
  readonly transport = 'redis';
  private readonly emitter = new EventEmitter();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private readonly subscribed: Promise<void>;
  private readonly processId = randomUUID();

  constructor(private readonly options: RedisClusterSignalsOptions) {
    this.channel = `${options.prefix}signals`;
    const timeouts = { connectTimeout: 5_000, commandTimeout: options.commandTimeoutMs ?? 2_000 };
    this.publisher = new Redis(options.redisUrl, { ...timeouts, maxRetriesPerRequest: 1 });
    // A subscribed connection may not time out its (blocking) subscription; it resubscribes after reconnecting.
    this.subscriber = new Redis(options.redisUrl, { connectTimeout: 5_000, maxRetriesPerRequest: null, autoResubscribe: true });
    // Outages show as failed publishes (logged there); without listeners ioredis prints every retry.
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.receive(text);
    });
    this.subscribed = this.subscriber.subscribe(this.channel).then(
      () => undefined,
      (err: unknown) => options.logger.warn({ err }, 'cluster signals: subscribe failed; instances fall back to polling'),
    );
  }

  async publish(signal: ClusterSignal): Promise<void> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify({ from: this.processId, signal }));
    } catch (err) {
      this.options.logger.warn({ err, signal: signal.type }, 'cluster signals: publish failed; other instances catch up by polling');
    }
  }

  subscribe(listener: ClusterSignalListener): () => void {
    this.emitter.on('signal', listener);
    return () => this.emitter.off('signal', listener);
  }

  ready(): Promise<void> {
    return this.subscribed;
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  private receive(text: string): void {
    let message: { from?: unknown; signal?: ClusterSignal };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.from === this.processId || !isSignal(message.signal)) return;
    for (const listener of this.emitter.listeners('signal') as ClusterSignalListener[]) {
      try {
        listener(message.signal);
      } catch (err) {
        this.options.logger.error({ err, signal: message.signal.type }, 'cluster signals: a listener failed');
      }
    }
  }
}

function isSignal(value: unknown): value is ClusterSignal {
  if (!value || typeof value !== 'object') return false;
  const signal = value as Partial<Record<string, unknown>>;
  if (signal['type'] === 'search-reindex' || signal['type'] === 'merchandising-changed') return true;
  return signal['type'] === 'model-activated' && typeof signal['name'] === 'string' && typeof signal['version'] === 'string';
}
