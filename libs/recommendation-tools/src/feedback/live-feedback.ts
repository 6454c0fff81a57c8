import type { AsyncCache } from '@reco/async-cache';
import type { DatabaseHandle, EventType } from '@reco/data';
import { customerNamespace } from '../service/cache-keys';

/** A feedback event as the HTTP layer and the CLI hand it over. */
export interface LiveEventInput {
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

  async record(event: LiveEventInput): Promise<void> {
    const db = await this.deps.database.get();
    await db.events.record([{ customerId: event.customerId, productCode: event.productId, type: event.type, occurredAt: event.occurredAt }]);
    await this.deps.cache.invalidateNamespace(customerNamespace(event.customerId));
  }
}
