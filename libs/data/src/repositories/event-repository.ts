import type { EventType, FeedbackEvent, NewFeedbackEvent } from '../types/event';

export interface EventRepository {
  /** Stores events in one statement; returns how many were stored. */
  record(events: readonly NewFeedbackEvent[]): Promise<number>;
  /** A customer's events, newest first. */
  listForCustomer(customerId: string, options?: { limit?: number; since?: Date; types?: readonly EventType[] }): Promise<FeedbackEvent[]>;
  /** Events of several customers since a time, in one query (for batch feature refresh). */
  listSince(since: Date, options?: { limit?: number }): Promise<FeedbackEvent[]>;
}
