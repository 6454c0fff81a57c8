import { randomUUID } from 'node:crypto';
import type { AsyncCache } from '@reco/async-cache';
import type { DatabaseHandle, EventType, EventWriteResult } from '@reco/data';
import { customerNamespace } from '../service/cache-keys';

/** A feedback event as the HTTP layer and the CLI hand it over. */
export interface LiveEventInput {
  /** The client's id of the event; without one, a new id (so the event is always stored). */
  eventId?: string;
  customerId: string;
  productId: string;
  type: EventType;
  occurredAt?: Date;
}

export interface LiveFeedbackDeps {
  database: DatabaseHandle;
  cache: AsyncCache;
}

/**
 * Live feedback: stores an event and drops the customer's cached answers, so the next call
 * re-ranks with it (no retraining) within the time of one database write. Needs no model,
 * worker or object store: cheap to build over any database.
 */
export class LiveFeedback {
  constructor(private readonly deps: LiveFeedbackDeps) {}

  async record(event: LiveEventInput): Promise<EventWriteResult> {
    const db = await this.deps.database.get();
    const [result] = await db.events.recordMany([
      { eventId: event.eventId ?? randomUUID(), customerId: event.customerId, productId: event.productId, type: event.type, occurredAt: event.occurredAt },
    ]);
    await this.deps.cache.invalidateNamespace(customerNamespace(event.customerId));
    return result as EventWriteResult;
  }
}
