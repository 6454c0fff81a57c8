import { canReadCustomer, type Caller } from '@reco/base-tools';
import { WriteOutcomeUnknownError } from '@reco/data';
import type { EventBatchResult } from '@reco/runtime';
import { postEvents } from '../contracts/events.contracts';
import type { ApiRoutes } from '../http/api-routes';
import { HttpError } from '../http/http-error';
import { callerOf } from '../http/request-context';
import { batchAnswer, batchField, feedCall, recordsOf } from '../http/shop-feed-answers';
import { mount } from '../http/typed-handler';
import type { AppServices } from '../services/app-services';

/**
 * Feedback events, one or a batch, through the shop feed: the database's unique event id decides
 * what is new, on every instance and after any restart or cache loss. A retry answers as before
 * and stores nothing; an id reused for a different event is a 409 and stores nothing of its batch.
 * The answer tells the truth about the write: 2xx once it is committed (whatever fails after),
 * 503 UNAVAILABLE when the database could not be reached before (nothing stored), 503
 * OUTCOME_UNKNOWN when the connection failed during the commit (retry with the same eventIds).
 */
export function eventsRoutes(router: ApiRoutes, services: AppServices): void {
  // Parsed here, event by event, so one bad event never refuses the others.
  mount(router, { ...postEvents, body: undefined }, async ({ req, res }) => {
    const batch = isObject(req.body) && 'events' in req.body;
    const sent = batch ? recordsOf(req.body, 'events') : [req.body];
    authorize(callerOf(req), sent);
    const feed = await services.shopFeed();
    if (!feed) throw HttpError.unavailable('Recording events is not available on this server');
    const answer = withTimeNamed(await feedCall(() => feed.recordEvents(sent.map(withOccurredAt))).catch(outcomeUnknown(sent)), sent);
    res.status(answer.recorded > 0 ? 201 : 200);
    return batchAnswer(answer, batch ? batchField('events') : (_index, field) => field);
  });
}

/** A commit whose answer was lost: say so, with the ids to send again (a stored one answers as a duplicate). */
function outcomeUnknown(sent: readonly unknown[]): (err: unknown) => never {
  return (err) => {
    if (!(err instanceof WriteOutcomeUnknownError)) throw err;
    const eventIds = sent.flatMap((event) => (isObject(event) && typeof event['eventId'] === 'string' ? [event['eventId']] : []));
    throw new HttpError(
      503,
      'OUTCOME_UNKNOWN',
      'Outcome unknown: the database connection failed while these events were being committed, so they may or may not be stored. ' +
        'Retry with the same eventId: an event already stored answers as a duplicate and is never stored twice.',
      { eventIds, retryAfterSeconds: err.retryAfterSeconds },
      { cause: err },
    );
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Staff keys record any events; a customer token only its own customer's (a session alone is nobody's to claim). */
function authorize(caller: Caller, events: readonly unknown[]): void {
  if (caller.kind === 'admin' || caller.kind === 'service') return;
  for (const event of events) {
    const customerId = isObject(event) ? event['customerId'] : undefined;
    if (typeof customerId !== 'string') {
      throw HttpError.forbidden('Events naming no customer (a session alone) need a service or admin key');
    }
    if (!canReadCustomer(caller, customerId)) throw HttpError.forbidden(`This caller may not record events of customer ${JSON.stringify(customerId)}`);
  }
}

/** `time` is the old name of `occurredAt`, still accepted. */
function withOccurredAt(event: unknown): unknown {
  if (!isObject(event) || !('time' in event) || 'occurredAt' in event) return event;
  const { time, ...rest } = event;
  return { ...rest, occurredAt: time };
}

/** Errors about the time are named as the caller named the field. */
function withTimeNamed(answer: EventBatchResult, sent: readonly unknown[]): EventBatchResult {
  const results = answer.results.map((result) => {
    const event = sent[result.index];
    if (result.status !== 'refused' || !isObject(event) || !('time' in event)) return result;
    const errors = result.errors.map((e) => {
      if (e.field === 'occurredAt' && !('occurredAt' in event)) return { ...e, field: 'time' };
      if (e.field === 'time') return { field: 'time', reason: 'the old name of occurredAt: send one of them' };
      return e;
    });
    return { ...result, errors };
  });
  return { ...answer, results };
}
