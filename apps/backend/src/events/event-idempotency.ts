import { createHash } from 'node:crypto';
import type { AsyncCache } from '@reco/async-cache';

export interface RecordedEvent {
  fingerprint: string;
  recordedAt: string;
}

const TTL_MS = 7 * 24 * 3_600_000;
const MEMORY_MAX = 100_000;

/**
 * Remembers client event ids for a week so a retried POST records nothing new. Kept in the shared
 * cache (Redis when configured, so every instance sees it); the data layer's event table has no
 * client id column to make this a database constraint.
 */
export class EventIdempotency {
  private readonly memory = new Map<string, RecordedEvent>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly cache?: AsyncCache) {}

  static fingerprint(event: object): string {
    return createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 32);
  }

  async find(eventId: string): Promise<RecordedEvent | undefined> {
    if (this.cache) return this.cache.get<RecordedEvent>(eventId);
    return this.memory.get(eventId);
  }

  async remember(eventId: string, recorded: RecordedEvent): Promise<void> {
    if (this.cache) return this.cache.set(eventId, recorded, { ttlMs: TTL_MS });
    if (this.memory.size >= MEMORY_MAX) this.memory.delete(this.memory.keys().next().value as string);
    this.memory.set(eventId, recorded);
  }

  /** Runs `work` for one event id at a time in this process (two concurrent retries record once). */
  async exclusive<T>(eventId: string, work: () => Promise<T>): Promise<T> {
    while (this.inFlight.has(eventId)) await this.inFlight.get(eventId)?.catch(() => undefined);
    const running = work();
    this.inFlight.set(eventId, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(eventId);
    }
  }
}
