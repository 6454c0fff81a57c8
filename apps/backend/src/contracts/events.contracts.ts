import { z } from 'zod';
import { EventRecord } from '@reco/data';
import { SHOP_FEED_MAX_BATCH } from '@reco/runtime';
import { defineRoute } from '../http/route-contract';
import { FieldErrorSchema } from './catalog.contracts';

/** `time` is the field's old name, still accepted for `occurredAt`. */
const EventBody = EventRecord.describe('One event; `time` is still accepted as the old name of `occurredAt`');

export const EventBatchSchema = z.strictObject({ events: z.array(EventBody).min(1).max(SHOP_FEED_MAX_BATCH) });

export const EventResultSchema = z.union([
  z.object({
    index: z.number().int(),
    eventId: z.string(),
    status: z.literal('recorded'),
    /** True when this event id had been recorded before (nothing new was stored). */
    duplicate: z.boolean(),
    recordedAt: z.string().describe('When the database first stored it'),
  }),
  z.object({ index: z.number().int(), eventId: z.string().optional(), status: z.literal('refused'), errors: z.array(FieldErrorSchema) }),
]);

export const postEvents = defineRoute({
  method: 'post',
  path: '/api/events',
  summary:
    `Record one event or a batch (at most ${SHOP_FEED_MAX_BATCH}), each answered on its own. The database's unique eventId decides: ` +
    'a retry answers duplicate: true and stores nothing; an id reused for a different event refuses the batch (409). ' +
    '201 when something new was stored, 200 when all were duplicates, 400 when every event was refused. ' +
    "A customer token records its own customer's events only; events naming only a session need a service or admin key",
  tag: 'events',
  access: 'authenticated',
  okStatus: 201,
  body: z.union([EventBatchSchema, EventBody]),
  response: z.object({
    accepted: z.number().int(),
    recorded: z.number().int(),
    duplicates: z.number().int(),
    refused: z.number().int(),
    results: z.array(EventResultSchema),
  }),
  errors: [403, 409, 413],
});

export const EVENT_CONTRACTS = [postEvents];
