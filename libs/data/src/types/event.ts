export const EVENT_TYPES = ['view', 'cart', 'purchase', 'return'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface FeedbackEvent {
  id: number;
  customerId: string;
  productCode: string;
  type: EventType;
  occurredAt: Date;
}

export type NewFeedbackEvent = Omit<FeedbackEvent, 'id' | 'occurredAt'> & { occurredAt?: Date };
