import { CustomerRecord, EventRecord, ProductRecord, type Customer, type DatabaseHandle, type FeedbackEvent, type Product, type ProductInput } from '@reco/data';
import type { CatalogChangeListener, FeedbackListener } from '../tokens';
import {
  checkBatch,
  EventIdConflictError,
  recordBatchResult,
  type AcceptedRecord,
  type EventBatchResult,
  type RecordBatchResult,
  type RecordedEvent,
  type RefusedEvent,
  type WriteOutcome,
} from './batch-results';

export interface ShopFeedDeps {
  database: DatabaseHandle;
  /** Read at each write, so listeners registered after the feed was built are told too. */
  catalogListeners?: () => readonly CatalogChangeListener[];
  feedbackListeners?: () => readonly FeedbackListener[];
  logger?: { warn(obj: object, msg?: string): void };
}

const CHANGED_PAGE = 1_000;

/**
 * The shop's writes: products, customers and events, by API (or after a file import). Each
 * record is checked with the open format's schema (one validation for HTTP and files) and
 * answered on its own; the valid ones are written with the repositories in one transaction per
 * call; then the listeners are told, so search and recommendations show a change at once.
 */
export class ShopFeed {
  constructor(private readonly deps: ShopFeedDeps) {}

  /**
   * Inserts or updates products (a record sets the fields it names). A product hidden with
   * `hideProduct` shows again when a record says `recommendable: true`; unless that record
   * names `available` too, it is made available again, undoing the hide.
   */
  async upsertProducts(records: readonly unknown[]): Promise<RecordBatchResult> {
    const { valid, refused } = checkBatch(ProductRecord, records, 'id');
    if (valid.length === 0) return recordBatchResult([], refused);
    const db = await this.deps.database.get();
    const ids = [...new Set(valid.map((v) => v.value.id))];
    const before = byId(await db.products.findByIds(ids));
    await db.products.upsertMany(valid.map(({ value }) => unhidden(value, before.get(value.id))));
    const after = await this.readAfterCommit('products', () => db.products.findByIds(ids));
    const outcomes = new Map(ids.map((id) => [id, outcomeOf(before.get(id), after.get(id), (a, b) => a.updatedAt.getTime() === b.updatedAt.getTime())]));
    await this.tellCatalog(ids.filter((id) => outcomes.get(id) !== 'unchanged'));
    return recordBatchResult(accepted(valid, outcomes), refused);
  }

  /** Withdraws a product from recommendations and search, keeping its history; false when there is no such product. */
  async hideProduct(id: string): Promise<boolean> {
    const db = await this.deps.database.get();
    const hidden = await db.products.hide(id);
    if (hidden) await this.tellCatalog([id]);
    return hidden;
  }

  /** Inserts or updates customers (a record sets the fields it names). */
  async upsertCustomers(records: readonly unknown[]): Promise<RecordBatchResult> {
    const { valid, refused } = checkBatch(CustomerRecord, records, 'id');
    if (valid.length === 0) return recordBatchResult([], refused);
    const db = await this.deps.database.get();
    const ids = [...new Set(valid.map((v) => v.value.id))];
    const before = byId(await db.customers.findByIds(ids));
    await db.customers.upsertMany(valid.map((v) => v.value));
    const after = await this.readAfterCommit('customers', () => db.customers.findByIds(ids));
    const outcomes = new Map(ids.map((id) => [id, outcomeOf(before.get(id), after.get(id), sameCustomer)]));
    return recordBatchResult(accepted(valid, outcomes), refused);
  }

  /**
   * Stores events; the database's unique event id decides what is new. An event stored before
   * (by any instance, at any time) answers as a duplicate and changes nothing. An id used twice
   * in the batch, or stored before for a different event, refuses the whole batch before anything
   * is written (EventIdConflictError); only when such a reuse races this very batch on another
   * instance is it found after the write, and then that event alone is refused.
   */
  async recordEvents(records: readonly unknown[]): Promise<EventBatchResult> {
    const { valid, refused } = checkBatch(EventRecord, records, 'eventId');
    const repeated = repeatedIds(valid.map((v) => v.value.eventId));
    if (repeated.length > 0) throw new EventIdConflictError(repeated, 'repeated');
    const results: (RecordedEvent | RefusedEvent)[] = refused.map((r) => ({ index: r.index, ...(r.id === undefined ? {} : { eventId: r.id }), status: 'refused', errors: r.errors }));
    if (valid.length > 0) {
      const db = await this.deps.database.get();
      const before = await db.events.findByEventIds(valid.map((v) => v.value.eventId));
      const known = valid.filter((v) => before.has(v.value.eventId));
      // Stored ones written again insert nothing: the repository only compares them.
      const reused = (await db.events.recordMany(known.map((v) => v.value))).filter((r) => r.status === 'conflict').map((r) => r.eventId);
      if (reused.length > 0) throw new EventIdConflictError(reused, 'reused');
      const fresh = valid.filter((v) => !before.has(v.value.eventId));
      // The write answers with the rows it stored: after its commit nothing is read, so nothing
      // after it can turn a stored event into an error (WriteOutcomeUnknownError: the commit itself failed).
      const written = new Map((await db.events.recordMany(fresh.map((v) => v.value))).map((r) => [r.eventId, r]));
      for (const { index, value } of known) results.push(recorded(index, value.eventId, before.get(value.eventId)?.receivedAt, true));
      for (const { index, value } of fresh) {
        const write = written.get(value.eventId);
        if (write?.status === 'conflict') results.push({ index, eventId: value.eventId, status: 'refused', errors: [{ field: 'eventId', reason: 'already used for a different event' }] });
        else results.push(recorded(index, value.eventId, write?.event?.receivedAt, write?.status === 'duplicate'));
      }
      // Duplicates too: a retry follows an answer that was lost, perhaps with the original's
      // cache invalidation (the write committed, the process or a dependency failed after it).
      const told = [...written.values()].flatMap((w) => ((w.status === 'stored' || w.status === 'duplicate') && w.event ? [w.event] : []));
      await this.tellFeedback([...known.flatMap((v) => before.get(v.value.eventId) ?? []), ...told]);
    }
    results.sort((a, b) => a.index - b.index);
    const recordedCount = results.filter((r) => r.status === 'recorded').length;
    const newCount = results.filter((r) => r.status === 'recorded' && !r.duplicate).length;
    return { accepted: recordedCount, recorded: newCount, duplicates: recordedCount - newCount, refused: results.length - recordedCount, results };
  }

  /**
   * Tells the catalogue listeners about every product changed since `since` (after a products
   * file was imported), a page at a time. Returns how many products that was.
   */
  async announceProductChanges(since: Date): Promise<number> {
    const db = await this.deps.database.get();
    let told = 0;
    let page: Product[] = [];
    do {
      const last = page.at(-1);
      page = await db.products.changedSince(last?.updatedAt ?? since, CHANGED_PAGE, last?.id);
      await this.tellCatalog(page.map((p) => p.id));
      told += page.length;
    } while (page.length === CHANGED_PAGE);
    return told;
  }

  /**
   * The rows a committed write left, to tell what it changed. The write is the truth: when they
   * cannot be read, it is logged and every record that existed answers `updated` (its listeners
   * are told, which is harmless if nothing changed).
   */
  private async readAfterCommit<T extends { id: string }>(what: string, read: () => Promise<T[]>): Promise<Map<string, T>> {
    try {
      return byId(await read());
    } catch (err) {
      this.deps.logger?.warn({ err, what }, 'written; reading the result back failed, so its outcomes are guessed');
      return new Map();
    }
  }

  /** A failing listener is logged, not thrown: the write is done, and its view catches up by its own refresh. */
  private async tellCatalog(productIds: readonly string[]): Promise<void> {
    if (productIds.length === 0) return;
    await this.tell(this.deps.catalogListeners?.() ?? [], (l) => l.productsChanged(productIds));
  }

  private async tellFeedback(events: readonly FeedbackEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.tell(this.deps.feedbackListeners?.() ?? [], (l) => l.eventsRecorded(events));
  }

  private async tell<L extends { name: string }>(listeners: readonly L[], call: (listener: L) => Promise<void>): Promise<void> {
    // A listener that throws at once counts as one that rejects.
    const settled = await Promise.allSettled(listeners.map(async (listener) => call(listener)));
    settled.forEach((s, i) => {
      if (s.status === 'rejected') this.deps.logger?.warn({ err: s.reason, listener: listeners[i]?.name }, 'a listener failed after a shop write');
    });
  }
}

function byId<T extends { id: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

function outcomeOf<T>(before: T | undefined, after: T | undefined, same: (a: T, b: T) => boolean): WriteOutcome {
  if (!before) return 'inserted';
  return after && same(before, after) ? 'unchanged' : 'updated';
}

function accepted(valid: readonly { index: number; value: { id: string } }[], outcomes: ReadonlyMap<string, WriteOutcome>): AcceptedRecord[] {
  return valid.map(({ index, value }) => ({ index, id: value.id, status: 'accepted', outcome: outcomes.get(value.id) ?? 'updated' }));
}

function sameCustomer(a: Customer, b: Customer): boolean {
  return a.country === b.country && a.createdAt.getTime() === b.createdAt.getTime() && JSON.stringify(a.attributes) === JSON.stringify(b.attributes);
}

/** A record showing a hidden product again also makes it available, unless it says otherwise. */
function unhidden(record: ProductInput, stored: Product | undefined): ProductInput {
  const wasHidden = stored !== undefined && !stored.recommendable && !stored.available;
  return wasHidden && record.recommendable === true && record.available === undefined ? { ...record, available: true } : record;
}

function recorded(index: number, eventId: string, receivedAt: Date | undefined, duplicate: boolean): RecordedEvent {
  // The stored row's time (the write's own, or read before it for a known one); events are never deleted.
  return { index, eventId, status: 'recorded', duplicate, recordedAt: receivedAt ?? new Date() };
}

function repeatedIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) (seen.has(id) ? repeated : seen).add(id);
  return [...repeated];
}
