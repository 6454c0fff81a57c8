import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../http/http-error';
import type { RateLimitHit, RateLimitStore } from './rate-limit-store';

export interface RateLimitOptions {
  store: RateLimitStore;
  /** Requests per window per key. */
  limit: number;
  windowMs?: number;
  /** Who is counted: the key id, customer or client address. */
  keyOf: (req: Request) => string;
  logger?: Logger;
}

/**
 * Per-caller limit in fixed windows, with `RateLimit-*` headers; over the limit: 429 with
 * Retry-After. If the store fails (Redis down), the request goes through: a limiter outage must
 * not become an API outage.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  const windowMs = options.windowMs ?? 60_000;
  let warned = false;
  const apply = (res: Response, next: NextFunction, { count, resetMs }: RateLimitHit) => {
    warned = false;
    const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
    res.setHeader('RateLimit-Limit', String(options.limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, options.limit - count)));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (count <= options.limit) return next();
    res.setHeader('Retry-After', String(resetSeconds));
    next(new HttpError(429, 'RATE_LIMITED', `Rate limit of ${options.limit} requests per ${windowMs / 1000} s exceeded; retry in ${resetSeconds} s`, { limit: options.limit, retryAfterSeconds: resetSeconds }));
  };
  const fail = (next: NextFunction, err: unknown) => {
    if (!warned) options.logger?.warn({ err }, 'rate limit store failed; letting requests through');
    warned = true;
    next();
  };
  return (req, res, next) => {
    let hit: RateLimitHit | Promise<RateLimitHit>;
    try {
      hit = options.store.hit(options.keyOf(req), windowMs);
    } catch (err) {
      return fail(next, err);
    }
    if (hit instanceof Promise) hit.then((h) => apply(res, next, h), (err: unknown) => fail(next, err));
    else apply(res, next, hit);
  };
}
