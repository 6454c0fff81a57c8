import type { EventInput, EventType, EventWriteResult, FeedbackEvent } from '../types/event';

/**
 * One event's write result with the event as the database holds it: the row just stored
 * (`stored`) or the one stored before (`duplicate`); none for a `conflict`. A caller answers from
 * it and tells others about it without reading anything after the commit.
 */
export interface EventWriteWithRow extends EventWriteResult {
  event?: FeedbackEvent;
}

export interface EventListOptions {
  limit?: number;
  since?: Date;
  types?: readonly EventType[];
}

export interface EventRepository {
  /**
   * Stores events in one transaction, one result per event in order. The database's unique
   * event id decides: an id stored before (by any process, at any time) is a `duplicate` when
   * it was the same event and a `conflict` when not, and changes nothing. A stored event naming
   * both a customer and a session gives that customer the session's anonymous events, and marks
   * the customer seen (created when unknown). Throws on an event no shop could send (unknown
   * type, neither customer nor session, empty id); WriteOutcomeUnknownError when the connection
   * failed while committing (a retry with the same ids answers what was stored).
   */
  recordMany(events: readonly EventInput[]): Promise<EventWriteWithRow[]>;
  /** A customer's events, newest first. */
  listForCustomer(customerId: string, options?: EventListOptions): Promise<FeedbackEvent[]>;
  /** A session's events, newest first (a session that signed in keeps them). */
  listForSession(sessionId: string, options?: EventListOptions): Promise<FeedbackEvent[]>;
  /** The stored events with these client ids, by id (one query on the unique event_id); unknown ids are absent. */
  findByEventIds(eventIds: readonly string[]): Promise<Map<string, FeedbackEvent>>;
  /** Events since a time, in one query (for batch feature refresh). */
  listSince(since: Date, options?: { limit?: number }): Promise<FeedbackEvent[]>;
}
