import Redis from 'ioredis';

export interface RedisConnectionOptions {
  url: string;
  /** Bound on every command; a slow Redis then counts as down. */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
}

/**
 * A client that fails fast: no offline queue (calls fail at once while disconnected), one retry,
 * every command bounded, and reconnection forever with capped backoff so the cache resumes by itself.
 */
export function createRedisConnection(options: RedisConnectionOptions): Redis {
  return new Redis(options.url, {
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Commands issued in one tick go out in one write: a burst of misses then fits the command timeout.
    enableAutoPipelining: true,
    // ioredis arms this timer even for an already-dead socket; short, so shutdown is not held up.
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), 2_000),
  });
}

// One pending `ready` per client, however many callers wait: waiters must not pile up listeners
// on the client (health checks during an outage would otherwise add one each).
const pendingReady = new WeakMap<Redis, Promise<void>>();

/** Resolves once the client is ready; rejects when `signal` aborts first or the client is closed for good. */
export function whenReady(redis: Redis, signal?: AbortSignal): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end') return Promise.reject(new Error('Redis connection is closed'));
  let ready = pendingReady.get(redis);
  if (!ready) {
    ready = new Promise<void>((resolve) =>
      redis.once('ready', () => {
        pendingReady.delete(redis);
        resolve();
      }),
    );
    pendingReady.set(redis, ready);
  }
  if (!signal) return ready;
  const shared = ready;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted while waiting for Redis'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void shared.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** Closes politely when connected (pending replies arrive), at once otherwise. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await Promise.race([redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
  redis.disconnect();
}
