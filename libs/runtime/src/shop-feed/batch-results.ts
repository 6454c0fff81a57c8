import { checkRecord, type FieldError } from '@reco/data';
import type { z } from 'zod';

/** The most records one call takes (one HTTP batch). */
export const SHOP_FEED_MAX_BATCH = 1_000;

/** What writing one accepted product or customer did. */
export type WriteOutcome = 'inserted' | 'updated' | 'unchanged';

/** A record that was not written, with every field that stopped it. */
export interface RefusedRecord {
  /** Position in the batch, from 0. */
  index: number;
  /** The record's id, when it gave a usable one. */
  id?: string;
  status: 'refused';
  errors: FieldError[];
}

export interface AcceptedRecord {
  index: number;
  id: string;
  status: 'accepted';
  outcome: WriteOutcome;
}

/** One answer per record of a products or customers batch, in order, and the counts. */
export interface RecordBatchResult {
  accepted: number;
  refused: number;
  inserted: number;
  updated: number;
  unchanged: number;
  results: (AcceptedRecord | RefusedRecord)[];
}

export interface RecordedEvent {
  index: number;
  eventId: string;
  status: 'recorded';
  /** True when this event had been stored before (by any instance): nothing changed. */
  duplicate: boolean;
  /** When the database first stored it. */
  recordedAt: Date;
}

export interface RefusedEvent {
  index: number;
  eventId?: string;
  status: 'refused';
  errors: FieldError[];
}

/** One answer per event of a batch, in order: `accepted` = recorded + duplicates. */
export interface EventBatchResult {
  accepted: number;
  recorded: number;
  duplicates: number;
  refused: number;
  results: (RecordedEvent | RefusedEvent)[];
}

/** More records than one call takes: nothing was written. */
export class BatchTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly received: number,
  ) {
    super(`A batch holds at most ${limit} records (got ${received})`);
    this.name = 'BatchTooLargeError';
  }
}

/**
 * An event id used twice in one batch, or stored before for a different event: the whole batch
 * is refused and nothing of it is written (a client bug, never a retry).
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly eventIds: readonly string[],
    readonly kind: 'repeated' | 'reused',
  ) {
    const id = JSON.stringify(eventIds[0]);
    super(kind === 'repeated' ? `Event id ${id} appears twice in this batch` : `Event id ${id} was already used for a different event`);
    this.name = 'EventIdConflictError';
  }
}

export interface CheckedBatch<T> {
  valid: { index: number; value: T }[];
  refused: { index: number; id?: string; errors: FieldError[] }[];
}

/** Checks each record with its schema; `idField` names the id a refused record is reported by. */
export function checkBatch<S extends z.ZodType>(schema: S, records: readonly unknown[], idField: string): CheckedBatch<z.output<S>> {
  if (records.length > SHOP_FEED_MAX_BATCH) throw new BatchTooLargeError(SHOP_FEED_MAX_BATCH, records.length);
  const checked: CheckedBatch<z.output<S>> = { valid: [], refused: [] };
  records.forEach((record, index) => {
    const result = checkRecord(schema, record);
    if (result.ok) {
      checked.valid.push({ index, value: result.value });
      return;
    }
    const id = (record as Record<string, unknown> | null)?.[idField];
    const idUsable = typeof id === 'string' && !result.errors.some((e) => e.field === idField);
    checked.refused.push({ index, ...(idUsable ? { id } : {}), errors: result.errors });
  });
  return checked;
}

/** Accepted and refused records back in batch order, with their counts. */
export function recordBatchResult(accepted: readonly AcceptedRecord[], refused: CheckedBatch<unknown>['refused']): RecordBatchResult {
  const results = [...accepted, ...refused.map((r): RefusedRecord => ({ index: r.index, ...(r.id === undefined ? {} : { id: r.id }), status: 'refused', errors: r.errors }))];
  results.sort((a, b) => a.index - b.index);
  const count = (outcome: WriteOutcome) => accepted.filter((a) => a.outcome === outcome).length;
  return { accepted: accepted.length, refused: refused.length, inserted: count('inserted'), updated: count('updated'), unchanged: count('unchanged'), results };
}
