import { z } from 'zod';
import { CustomerIdSchema, ProductIdSchema } from '@reco/base-tools';
import { EVENT_TYPES } from '@reco/data';
import { defineRoute } from '../http/route-contract';

export const FeedbackEventSchema = z.object({
  /** The client's own id for the event: sending it again records nothing new. */
  eventId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, . _ : or -, at most 128'),
  customerId: CustomerIdSchema,
  productId: ProductIdSchema,
  type: z.enum(EVENT_TYPES),
  /** When it happened; default: when it was received. */
  time: z.iso.datetime({ offset: true }).optional(),
});
export type FeedbackEventBody = z.infer<typeof FeedbackEventSchema>;

export const EventResultSchema = z.object({
  eventId: z.string(),
  status: z.literal('recorded'),
  /** True when this event id had been recorded before (nothing new was stored). */
  duplicate: z.boolean(),
  recordedAt: z.string(),
});

export const EventBatchSchema = z.object({ events: z.array(FeedbackEventSchema).min(1).max(500) });

export const postEvents = defineRoute({
  method: 'post',
  path: '/api/events',
  summary: 'Record one feedback event or a batch (idempotent on eventId)',
  tag: 'events',
  access: 'authenticated',
  okStatus: 201,
  body: z.union([EventBatchSchema, FeedbackEventSchema]),
  response: z.object({ recorded: z.number().int(), duplicates: z.number().int(), results: z.array(EventResultSchema) }),
  errors: [403, 409, 413],
});

export const EVENT_CONTRACTS = [postEvents];
