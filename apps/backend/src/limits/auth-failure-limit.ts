import type { Request } from 'express';
import type { Logger } from 'pino';
import { clientAddressOf } from './client-address';
import type { RateLimitStore } from './rate-limit-store';

export interface AuthFailureLimitOptions {
  /** Shared by every instance when it is Redis, so the count holds across them. */
  store: RateLimitStore;
  /** Failed authentications per client address per window; the next one closes the address. */
  limit: number;
  windowMs: number;
}

/**
 * Limits failed authentication per client address (see clientAddressOf). Only presented
 * credentials that are not ours count: an unknown API key, a forged or malformed token; a
 * missing header or an expired token of ours is no guess. Past the limit the address is closed
 * for the rest of the window: every request from it gets 429, valid credentials included, so a
 * guess that happens to be right is worth nothing, and its attempts cost no hash and no store
 * round trip. Successful requests never touch the store: while no address is closed they pay
 * one size check. An instance learns that an address is closed from its own failed attempts
 * (the count is shared), so a valid key can pass on an instance that has not yet seen one.
 */
export class AuthFailureLimit {
  readonly limit: number;
  readonly windowMs: number;
  private readonly store: RateLimitStore;
  /** Closed addresses and when they open again (ms since epoch). */
  private readonly closedUntil = new Map<string, number>();
  private lastSweep = Date.now();
  private storeWarned = false;

  constructor(options: AuthFailureLimitOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error(`The failed-authentication limit must be a positive integer (got ${options.limit})`);
    if (!Number.isInteger(options.windowMs) || options.windowMs < 1) throw new Error(`The failed-authentication window must be a positive number of ms (got ${options.windowMs})`);
    this.store = options.store;
    this.limit = options.limit;
    this.windowMs = options.windowMs;
  }

  /** Seconds until the request's address opens again, when it is closed; synchronous. */
  closedFor(req: Request): number | undefined {
    if (this.closedUntil.size === 0) return undefined;
    const address = clientAddressOf(req);
    const until = this.closedUntil.get(address);
    if (until === undefined) return undefined;
    const leftMs = until - Date.now();
    if (leftMs > 0) return wholeSeconds(leftMs);
    this.closedUntil.delete(address);
    return undefined;
  }

  /**
   * Counts one failed authentication of the request's address; resolves to the seconds to wait
   * when that put the address over the limit. If the store fails (Redis down), the attempt is
   * not counted: a limiter outage must not turn into refusing everyone.
   */
  async recordFailure(req: Request, logger?: Logger): Promise<number | undefined> {
    const address = clientAddressOf(req);
    let hit;
    try {
      hit = await this.store.hit(address, this.windowMs);
    } catch (err) {
      if (!this.storeWarned) logger?.warn({ err }, 'failed-authentication store failed; not counting failed attempts');
      this.storeWarned = true;
      return undefined;
    }
    this.storeWarned = false;
    if (hit.count <= this.limit) return undefined;
    const now = Date.now();
    this.sweep(now);
    this.closedUntil.set(address, now + hit.resetMs);
    const retryAfterSeconds = wholeSeconds(hit.resetMs);
    // The count is shared: exactly one attempt, on one instance, is the first over the limit.
    if (hit.count === this.limit + 1) {
      logger?.warn(
        { clientAddress: address, failedAttempts: hit.count, limit: this.limit, windowSeconds: this.windowMs / 1000, retryAfterSeconds },
        'too many failed authentications from one client address; refusing it until the window ends',
      );
    }
    return retryAfterSeconds;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [address, until] of this.closedUntil) if (until <= now) this.closedUntil.delete(address);
  }
}

const wholeSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
