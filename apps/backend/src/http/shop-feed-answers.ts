import { z } from 'zod';
import { fieldIssues } from '@reco/base-tools';
import type { FieldError } from '@reco/data';
import { BatchTooLargeError, EventIdConflictError } from '@reco/runtime';
import { HttpError } from './http-error';

/** The records of a `{ "<key>": [...] }` body; the shop feed checks each one on its own. */
export function recordsOf(body: unknown, key: string): unknown[] {
  const parsed = z.strictObject({ [key]: z.array(z.unknown()).min(1) }).safeParse(body ?? {});
  if (!parsed.success) throw HttpError.badRequest(fieldIssues(parsed.error).map((issue) => ({ ...issue, in: 'body' })));
  return parsed.data[key] as unknown[];
}

interface BatchAnswer {
  accepted: number;
  results: readonly { index: number; errors?: readonly FieldError[] }[];
}

const SHOWN_ISSUES = 5;

/**
 * The shop feed's answer as it is when any record was accepted. When none was: a 400 naming every
 * refused field as the body calls it (`products.3.price`), with the per-record answer in its details.
 */
export function batchAnswer<A extends BatchAnswer>(answer: A, fieldOf: (index: number, field: string) => string): A {
  if (answer.accepted > 0) return answer;
  const issues = answer.results.flatMap((r) => (r.errors ?? []).map((e) => ({ field: fieldOf(r.index, e.field), message: e.reason, in: 'body' })));
  const shown = issues.slice(0, SHOWN_ISSUES).map((i) => `${i.field}: ${i.message}`);
  if (issues.length > SHOWN_ISSUES) shown.push(`and ${issues.length - SHOWN_ISSUES} more`);
  const details: Record<string, unknown> = { issues, ...(answer as object) };
  throw new HttpError(400, 'BAD_INPUT', `Every record was refused: ${shown.join('; ')}`, details);
}

/** `products.3.price` for field `price` of the fourth record (`products.3` for the record itself). */
export function batchField(key: string): (index: number, field: string) => string {
  return (index, field) => (field === 'record' ? `${key}.${index}` : `${key}.${index}.${field}`);
}

/** Runs a shop-feed call; its refusals of a whole batch become their answers (413, 409). */
export async function feedCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BatchTooLargeError) throw new HttpError(413, 'BATCH_TOO_LARGE', err.message, { limit: err.limit, received: err.received });
    if (err instanceof EventIdConflictError) throw HttpError.conflict(err.message, { eventId: err.eventIds[0], eventIds: err.eventIds });
    throw err;
  }
}
