import type { ApiRoutes } from '../http/api-routes';
import { canReadCustomer, fieldIssues } from '@reco/base-tools';
import type { LiveFeedback } from '@reco/recommendation-tools';
import { EventBatchSchema, FeedbackEventSchema, postEvents, type FeedbackEventBody } from '../contracts/events.contracts';
import { EventIdempotency } from '../events/event-idempotency';
import { HttpError } from '../http/http-error';
import { callerOf } from '../http/request-context';
import { mount } from '../http/typed-handler';
import type { AppServices } from '../services/app-services';

/**
 * Feedback events, one or a batch, idempotent on the client's eventId: a retried event answers as
 * before and stores nothing; an id reused for a different event is a 409. Live feedback records
 * them (and drops what they change in the cache); without it the route answers 503.
 */
export function eventsRoutes(router: ApiRoutes, services: AppServices, idempotency = new EventIdempotency(services.cache()?.namespace('events:ids'))): void {

  // Parsed here with the branch the body chose, so a bad field is named (a union would only say "invalid").
  mount(router, { ...postEvents, body: undefined }, async ({ req, res }) => {
    const events = parseEvents(req.body);
    const caller = callerOf(req);
    const foreign = events.find((e) => !canReadCustomer(caller, e.customerId));
    if (foreign) throw HttpError.forbidden(`This caller may not record events of customer ${JSON.stringify(foreign.customerId)}`);
    const ids = new Set<string>();
    for (const e of events) {
      if (ids.has(e.eventId)) throw HttpError.conflict(`Event id ${JSON.stringify(e.eventId)} appears twice in this batch`, { eventId: e.eventId });
      ids.add(e.eventId);
    }

    // A reused id anywhere in the batch refuses the whole batch before anything is stored.
    for (const event of events) {
      const seen = await idempotency.find(event.eventId);
      if (seen && seen.fingerprint !== fingerprintOf(event)) {
        throw HttpError.conflict(`Event id ${JSON.stringify(event.eventId)} was already used for a different event`, { eventId: event.eventId });
      }
    }
    const feedback = await services.feedback();
    if (!feedback) throw HttpError.unavailable('Live feedback is not available on this server');
    const results = [];
    for (const event of events) {
      results.push(await idempotency.exclusive(event.eventId, () => recordOnce(feedback, idempotency, event)));
    }
    const recorded = results.filter((r) => !r.duplicate).length;
    res.status(recorded > 0 ? 201 : 200);
    return { recorded, duplicates: results.length - recorded, results };
  });
}

async function recordOnce(feedback: Pick<LiveFeedback, 'record'>, idempotency: EventIdempotency, event: FeedbackEventBody) {
  const fingerprint = fingerprintOf(event);
  const seen = await idempotency.find(event.eventId);
  if (seen) {
    if (seen.fingerprint !== fingerprint) {
      throw HttpError.conflict(`Event id ${JSON.stringify(event.eventId)} was already used for a different event`, { eventId: event.eventId });
    }
    return { eventId: event.eventId, status: 'recorded' as const, duplicate: true, recordedAt: seen.recordedAt };
  }
  await feedback.record({ customerId: event.customerId, productId: event.productId, type: event.type, occurredAt: event.time ? new Date(event.time) : new Date() });
  const recordedAt = new Date().toISOString();
  await idempotency.remember(event.eventId, { fingerprint, recordedAt });
  return { eventId: event.eventId, status: 'recorded' as const, duplicate: false, recordedAt };
}

function fingerprintOf(event: FeedbackEventBody): string {
  return EventIdempotency.fingerprint({ c: event.customerId, p: event.productId, t: event.type, at: event.time ?? null });
}

function parseEvents(body: unknown): FeedbackEventBody[] {
  const isBatch = body !== null && typeof body === 'object' && 'events' in body;
  const parsed = (isBatch ? EventBatchSchema : FeedbackEventSchema).safeParse(body ?? {});
  if (!parsed.success) throw HttpError.badRequest(fieldIssues(parsed.error));
  return 'events' in parsed.data ? parsed.data.events : [parsed.data];
}
