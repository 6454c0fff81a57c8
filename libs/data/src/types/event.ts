/** What a shopper did with a product; a `click` is a click on a recommendation (counts as a view). */
export const EVENT_TYPES = ['view', 'cart', 'purchase', 'return', 'click'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A stored feedback event. */
export interface FeedbackEvent {
  /** Internal, in the order events were stored. */
  id: number;
  /** The shop's id of the event, unique in the database. */
  eventId: string;
  /** At least one of customer and session. */
  customerId: string | null;
  sessionId: string | null;
  productId: string;
  type: EventType;
  quantity: number | null;
  /** Unit price paid (purchase, return). */
  price: number | null;
  /** For a click: the recommendation it came from. */
  recommendationId: string | null;
  occurredAt: Date;
  receivedAt: Date;
}

/** An event as a shop sends it (D2's EventRecord gives this shape). */
export interface EventInput {
  eventId: string;
  customerId?: string | null;
  sessionId?: string | null;
  productId: string;
  type: EventType;
  quantity?: number | null;
  price?: number | null;
  recommendationId?: string | null;
  /** Default: when it is received (and then a retry matches the stored event at any time). */
  occurredAt?: Date;
}

/**
 * One result per event written: `stored`; `duplicate` (the id was stored before with the same
 * customer, session, product, type, quantity, price and time: nothing changed); `conflict` (the
 * id was stored before for a different event: nothing changed).
 */
export interface EventWriteResult {
  eventId: string;
  status: 'stored' | 'duplicate' | 'conflict';
}
