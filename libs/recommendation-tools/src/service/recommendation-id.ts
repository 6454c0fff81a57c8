import { randomUUID } from 'node:crypto';

/** A list as ranked and cached: without the answer's id, which is new on every answer. */
export type Unstamped<T extends { recommendationId: string }> = Omit<T, 'recommendationId'>;

/**
 * The answer to one call: a fresh recommendationId on a shallow copy, so a cached list is never
 * shared with (or changed by) an answer and two answers never share an id.
 */
export function stamp<L extends object>(list: L): L & { recommendationId: string } {
  return { ...list, recommendationId: randomUUID() };
}
