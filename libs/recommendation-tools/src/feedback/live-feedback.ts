import { randomUUID } from 'node:crypto';
import type { AsyncCache } from '@reco/async-cache';
import type { DatabaseHandle, EventInput, EventWriteResult } from '@reco/data';
import { customerNamespace } from '../service/cache-keys';

/**
 * A feedback event as the HTTP layer and the CLI hand it over: @reco/data's EventInput, whose
 * `eventId` may be left out (then a new id, so the event is always stored). It names a
 * customer, a session (an anonymous visitor), or both.
 */
export type LiveEventInput = Omit<EventInput, 'eventId'> & { eventId?: string };

export interface LiveFeedbackDeps {
  database: DatabaseHandle;
  cache: AsyncCache;
  /** Where a failed invalidation after a stored write is reported (the write stands). */
  logger?: { warn(obj: object, msg?: string): void };
}

/**
 * Live feedback: stores events and drops the cached answers of the customers they name, so the
 * next call re-ranks with them (no retraining) within the time of one database write. Session
 * answers are not cached (see RecommendationService.recommendForSession). Needs no model,
 * worker or object store: cheap to build over any database.
 */
export class LiveFeedback {
  constructor(private readonly deps: LiveFeedbackDeps) {}

  async record(event: LiveEventInput): Promise<EventWriteResult> {
    const [result] = await this.recordMany([event]);
    return result as EventWriteResult;
  }

  /**
   * One result per event, in order (stored, duplicate or conflict: see EventRepository.recordMany).
   * Once the write is committed it is the answer: a failed invalidation is logged, not thrown.
   */
  async recordMany(events: readonly LiveEventInput[]): Promise<EventWriteResult[]> {
    const db = await this.deps.database.get();
    const results = await db.events.recordMany(events.map((e) => ({ ...e, eventId: e.eventId ?? randomUUID() })));
    await this.eventsRecorded(events).catch((err: unknown) => this.deps.logger?.warn({ err }, 'events stored; dropping cached answers failed'));
    return results;
  }

  /**
   * Drops the cached answers of the customers these events (stored by any path) name: every
   * customer's, even when one fails; then rejects with the first failure.
   */
  async eventsRecorded(events: readonly { customerId?: string | null }[]): Promise<void> {
    const customers = new Set<string>();
    for (const e of events) if (e.customerId) customers.add(e.customerId);
    const settled = await Promise.allSettled([...customers].map((customerId) => this.deps.cache.invalidateNamespace(customerNamespace(customerId))));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
