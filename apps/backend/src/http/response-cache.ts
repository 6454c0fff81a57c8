import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { callerOf } from './request-context';
import { sendJsonText } from './send-json';

export interface ResponseCacheOptions {
  /** Longest an answer is served without asking the route again. */
  maxAgeMs?: number;
  maxEntries?: number;
  /** Bound on the bodies kept, in UTF-16 code units (about bytes for JSON). */
  maxChars?: number;
}

interface CachedAnswer {
  body: string;
  storedAt: number;
  /** Where the answer's `recommendationId` value (quotes included) is in `body`, to give each answer its own. */
  idAt?: { start: number; end: number };
}

/**
 * Serialised answers of read-only GET routes, for a fraction of a second: under load the same URL
 * comes many times a second, and answering it again from its JSON skips parsing, the tool call
 * and serialisation, which cost more than everything else on a cached answer.
 *
 * Correctness rests on three rules:
 * - An entry is served only to callers who see the same data as the one it was made for (staff
 *   keys share; a customer token only its own entries), and only after authentication, rate
 *   limits and the route's guards ran for this request.
 * - Every write through this instance's API (any non-GET request) drops every entry, when it starts
 *   and when it finishes: a live event changes the next answer at once, as without this cache.
 * - Writes elsewhere (another instance, a finished training job) show within `maxAgeMs`.
 *
 * A recommendation list is an answer of its own each time (issue 18): a stored one is served with
 * a fresh `recommendationId`, and one made in an experiment is never stored, since each answer
 * there is an exposure its arm logs.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedAnswer>;
  private readonly maxAgeMs: number;

  constructor(options: ResponseCacheOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 250;
    this.entries = new LRUCache<string, CachedAnswer>({
      max: options.maxEntries ?? 5_000,
      maxSize: options.maxChars ?? 16 * 1024 ** 2,
      sizeCalculation: (answer) => Math.max(1, answer.body.length),
    });
  }

  /** Answers `req` from the cache if it can; true when it did. */
  answer(req: Request, res: Response): boolean {
    const cached = this.entries.get(keyOf(req));
    if (!cached || Date.now() - cached.storedAt > this.maxAgeMs) return false;
    const { body, idAt } = cached;
    sendJsonText(res, idAt ? `${body.slice(0, idAt.start)}"${randomUUID()}"${body.slice(idAt.end)}` : body);
    return true;
  }

  /** Answers `value` as JSON and keeps the body for the next identical request. */
  store(req: Request, res: Response, value: unknown): void {
    const body = JSON.stringify(value);
    const list = value as { recommendationId?: unknown; experiment?: unknown } | null;
    if (res.statusCode === 200 && list?.experiment === undefined) this.entries.set(keyOf(req), { body, storedAt: Date.now(), idAt: recommendationIdIn(body, list?.recommendationId) });
    sendJsonText(res, body);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The span of the answer's `recommendationId` value in its JSON text (a fresh id: found once). */
function recommendationIdIn(body: string, id: unknown): CachedAnswer['idAt'] {
  if (typeof id !== 'string') return undefined;
  const value = JSON.stringify(id);
  const key = `"recommendationId":${value}`;
  const at = body.indexOf(key);
  return at < 0 ? undefined : { start: at + key.length - value.length, end: at + key.length };
}

/** Who may see the answer, and what was asked: the route's pattern and the URL as sent. */
function keyOf(req: Request): string {
  const caller = callerOf(req);
  const audience = caller.kind === 'customer' ? `customer:${caller.customerId}` : caller.kind === 'anonymous' ? 'anonymous' : 'staff';
  return `${audience} ${req.originalUrl}`;
}
