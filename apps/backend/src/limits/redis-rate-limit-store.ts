import Redis from 'ioredis';
import type { RateLimitStore } from './rate-limit-store';

// INCR and, on the window's first hit, PEXPIRE, in one round trip and atomically.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }
`;

/** Counters in Redis, shared by every instance; keys expire with their window. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;
  private firstWait: Promise<void> | undefined;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
    // Errors surface on each hit (the middleware lets the request through); no unhandled events.
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('recoRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    if (this.redis.status !== 'ready') await this.connected();
    const [count, ttl] = (await (this.redis as unknown as { recoRateHit(key: string, ms: number): Promise<[number, number]> }).recoRateHit(
      `${this.keyPrefix}${key}`,
      windowMs,
    ));
    return { count, resetMs: ttl };
  }

  /**
   * At start-up the first hits wait (together, on one listener) up to `timeoutMs` for the first
   * connection. After that, a Redis that is not connected fails a hit at once: during an outage
   * every request would otherwise wait out the timeout, adding a listener each.
   */
  private connected(timeoutMs = 1_000): Promise<void> {
    if (this.firstWait === undefined && this.redis.status !== 'end') {
      this.firstWait = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.redis.off('ready', onReady);
          reject(new Error(`Redis is not connected (${this.redis.status})`));
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        this.redis.once('ready', onReady);
      });
      return this.firstWait;
    }
    return Promise.reject(new Error(`Redis is not connected (${this.redis.status})`));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
