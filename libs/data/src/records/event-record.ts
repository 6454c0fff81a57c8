import { z } from 'zod';
import { EVENT_TYPES, type EventInput } from '../types/event';
import { AmountSchema, expected, IsoTimeSchema, RECORD_LIMITS, RecordIdSchema } from './record-fields';

const Quantity = z
  .number(expected('a whole number'))
  .int({ error: 'not a whole number' })
  .min(1, { error: 'less than 1' })
  .max(RECORD_LIMITS.maxAmount, { error: `more than ${RECORD_LIMITS.maxAmount}` });

/**
 * An event as a shop sends it (HTTP body or a line of an events file). It names a customer, an
 * anonymous session, or both (a session that signs in joins the customer's history).
 */
export const EventRecord = z
  .strictObject({
    eventId: RecordIdSchema.describe('The shop\'s id of this event: sending it again changes nothing'),
    customerId: RecordIdSchema.nullable().optional(),
    sessionId: RecordIdSchema.nullable().optional(),
    productId: RecordIdSchema,
    type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
    quantity: Quantity.nullable().optional(),
    price: AmountSchema.nullable().optional().describe('Unit price paid (purchase, return)'),
    occurredAt: IsoTimeSchema.optional().describe('When it happened; default: when it is received (files must say)'),
    recommendationId: RecordIdSchema.nullable().optional().describe('The recommendation a click came from'),
  })
  .superRefine((record, ctx) => {
    if (record.customerId == null && record.sessionId == null) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'names neither a customer nor a session (an event needs one or both)' });
    }
  })
  .transform(
    (record): EventInput => ({
    eventId: record.eventId,
    customerId: record.customerId ?? null,
    sessionId: record.sessionId ?? null,
    productId: record.productId,
    type: record.type,
    quantity: record.quantity ?? null,
    price: record.price ?? null,
    recommendationId: record.recommendationId ?? null,
      ...(record.occurredAt ? { occurredAt: record.occurredAt } : {}),
    }),
  );

