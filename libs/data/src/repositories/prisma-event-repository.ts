import type { DataClient, DataTransaction } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import { EVENT_TYPES, type EventInput, type EventType, type FeedbackEvent } from '../types/event';
import type { EventListOptions, EventRepository, EventWriteWithRow } from './event-repository';
import { toDate } from './raw-sql';
import { ROWS_PER_STATEMENT, rowSource, type RowColumn } from './row-source';

const text = (name: string): RowColumn => ({ name, pgType: 'text' });
const time = (name: string): RowColumn => ({ name, pgType: 'timestamp(3)' });

const EVENT_COLUMNS: readonly RowColumn[] = [
  text('event_id'),
  text('customer_id'),
  text('session_id'),
  text('product_id'),
  text('type'),
  { name: 'quantity', pgType: 'int' },
  { name: 'price', pgType: 'float8' },
  text('recommendation_id'),
  time('occurred_at'),
  time('received_at'),
];
const ID_COLUMNS: readonly RowColumn[] = [text('event_id')];
const JOIN_COLUMNS: readonly RowColumn[] = [text('session_id'), text('customer_id')];
const SEEN_COLUMNS: readonly RowColumn[] = [text('id'), time('first_seen_at'), time('last_seen_at')];

/** An input with every field present; `timed` is false when the caller gave no occurredAt. */
interface NormalisedEvent {
  eventId: string;
  customerId: string | null;
  sessionId: string | null;
  productId: string;
  type: EventType;
  quantity: number | null;
  price: number | null;
  recommendationId: string | null;
  occurredAt: Date;
  timed: boolean;
}

function toEvent(row: Omit<FeedbackEvent, 'type'> & { type: string }): FeedbackEvent {
  return { ...row, type: row.type as EventType };
}

const STORED_COLUMNS = 'id, event_id, customer_id, session_id, product_id, type, quantity, price, recommendation_id, occurred_at, received_at';

/** An event row read by raw SQL (SQLite gives times as text, PostgreSQL as Date). */
function storedEvent(row: Record<string, unknown>): FeedbackEvent {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    id: Number(row['id']),
    eventId: String(row['event_id']),
    customerId: text(row['customer_id']),
    sessionId: text(row['session_id']),
    productId: String(row['product_id']),
    type: String(row['type']) as EventType,
    quantity: number(row['quantity']),
    price: number(row['price']),
    recommendationId: text(row['recommendation_id']),
    occurredAt: toDate(row['occurred_at']) as Date,
    receivedAt: toDate(row['received_at']) as Date,
  };
}

/** The row an insert of `e` made: what it wrote, so nobody reads it back after the commit. */
function storedRow(e: NormalisedEvent, id: number, receivedAt: Date): FeedbackEvent {
  const { timed: _timed, ...fields } = e;
  return { id, ...fields, receivedAt };
}

function normalise(e: EventInput, receivedAt: Date): NormalisedEvent {
  if (!EVENT_TYPES.includes(e.type)) throw new Error(`unknown event type ${JSON.stringify(e.type)}`);
  if (!e.eventId || e.eventId.length > 128) throw new Error('an event needs an eventId of 1-128 characters');
  if (!e.productId) throw new Error('an event needs a productId');
  if (!e.customerId && !e.sessionId) throw new Error('an event needs a customerId or a sessionId');
  return {
    eventId: e.eventId,
    customerId: e.customerId || null,
    sessionId: e.sessionId || null,
    productId: e.productId,
    type: e.type,
    quantity: e.quantity ?? null,
    price: e.price ?? null,
    recommendationId: e.recommendationId ?? null,
    occurredAt: e.occurredAt ?? receivedAt,
    timed: e.occurredAt !== undefined,
  };
}

/**
 * The same event sent again. A retry without a customer matches a stored event of its session
 * that has one since (the session signed in); one without a time matches any time.
 */
function sameEvent(sent: NormalisedEvent, stored: FeedbackEvent): boolean {
  const customer = sent.customerId === stored.customerId || (sent.customerId === null && sent.sessionId !== null && sent.sessionId === stored.sessionId);
  return (
    customer &&
    sent.sessionId === stored.sessionId &&
    sent.productId === stored.productId &&
    sent.type === stored.type &&
    sent.quantity === stored.quantity &&
    sent.price === stored.price &&
    (!sent.timed || sent.occurredAt.getTime() === stored.occurredAt.getTime())
  );
}

export class PrismaEventRepository implements EventRepository {
  constructor(
    private readonly client: DataClient,
    private readonly dialect: SqlDialect,
  ) {}

  async recordMany(events: readonly EventInput[]): Promise<EventWriteWithRow[]> {
    if (events.length === 0) return [];
    const receivedAt = new Date();
    const sent = events.map((e) => normalise(e, receivedAt));
    return this.client.$transaction(
      async (tx) => {
        // Costed without statistics (see joinSessions), a bulk statement would be JIT-compiled
        // for longer than it runs (measured: 125 ms to compile, 23 ms to run 5,000 sessions).
        if (this.dialect.provider === 'postgresql') await tx.$executeRawUnsafe('SET LOCAL jit = off');
        const inserted = await this.insertNew(tx, sent, receivedAt);
        // The first of several events with one id in a batch is the one inserted.
        const first = new Map<string, number>();
        sent.forEach((e, i) => first.has(e.eventId) || first.set(e.eventId, i));
        const storedIndex = (e: NormalisedEvent, i: number) => inserted.has(e.eventId) && first.get(e.eventId) === i;
        const others = [...new Set(sent.filter((e, i) => !storedIndex(e, i)).map((e) => e.eventId))];
        const before = await this.storedBefore(tx, others);
        const results = sent.map((e, i): EventWriteWithRow => {
          if (storedIndex(e, i)) return { eventId: e.eventId, status: 'stored', event: storedRow(e, inserted.get(e.eventId) as number, receivedAt) };
          const stored = before.get(e.eventId);
          return stored && sameEvent(e, stored) ? { eventId: e.eventId, status: 'duplicate', event: stored } : { eventId: e.eventId, status: 'conflict' };
        });
        const stored = sent.filter((e, i) => storedIndex(e, i));
        await this.joinSessions(tx, stored);
        await this.markCustomersSeen(tx, stored);
        return results;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  /**
   * INSERT ... ON CONFLICT (event_id) DO NOTHING: the ids the database took, with their row ids. Rows go in event id
   * order (a stable sort keeps the first of equal ids first), so concurrent writers lock the
   * unique index in one order and never deadlock.
   */
  private async insertNew(tx: DataTransaction, sent: readonly NormalisedEvent[], receivedAt: Date): Promise<Map<string, number>> {
    const inserted = new Map<string, number>();
    const ordered = [...sent].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    const names = EVENT_COLUMNS.map((c) => c.name).join(', ');
    for (let i = 0; i < ordered.length; i += ROWS_PER_STATEMENT) {
      const rows = ordered
        .slice(i, i + ROWS_PER_STATEMENT)
        .map((e) => [e.eventId, e.customerId, e.sessionId, e.productId, e.type, e.quantity, e.price, e.recommendationId, e.occurredAt, receivedAt]);
      const source = rowSource(this.dialect, 'sent', EVENT_COLUMNS, rows);
      const returned = await tx.$queryRawUnsafe<{ id: unknown; event_id: string }[]>(
        `WITH ${source.sql} INSERT INTO events (${names}) SELECT ${names} FROM sent WHERE true
         ON CONFLICT (event_id) DO NOTHING RETURNING id, event_id`,
        ...source.params,
      );
      for (const row of returned) inserted.set(row.event_id, Number(row.id));
    }
    return inserted;
  }

  /** The stored events with these ids (a re-imported file sends every id again: one lookup per few thousand). */
  private async storedBefore(tx: DataTransaction, eventIds: readonly string[]): Promise<Map<string, FeedbackEvent>> {
    const found = new Map<string, FeedbackEvent>();
    for (let i = 0; i < eventIds.length; i += ROWS_PER_STATEMENT) {
      const source = rowSource(this.dialect, 'wanted', ID_COLUMNS, eventIds.slice(i, i + ROWS_PER_STATEMENT).map((id) => [id]));
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(
        `WITH ${source.sql} SELECT ${STORED_COLUMNS} FROM events WHERE event_id IN (SELECT event_id FROM wanted)`,
        ...source.params,
      );
      for (const row of rows) found.set(String(row['event_id']), storedEvent(row));
    }
    return found;
  }

  /**
   * A session that names its customer joins the customer's history: its anonymous events become
   * theirs. One statement per few thousand sessions, sessions in id order. Each session must be
   * looked up by its index whatever the planner's statistics say: SQLite (which keeps none)
   * would otherwise walk every anonymous event by the customer index, and PostgreSQL, on a table
   * not analysed since it was loaded, costs a session at 0.5% of the table and hashes a full
   * scan instead (both grow with the table: an import of millions slowed to a crawl). A unary +
   * keeps SQLite off that index; OFFSET 0 keeps PostgreSQL's lookup per session.
   */
  private async joinSessions(tx: DataTransaction, stored: readonly NormalisedEvent[]): Promise<void> {
    const joins = new Map<string, string>();
    for (const e of stored) if (e.customerId !== null && e.sessionId !== null && !joins.has(e.sessionId)) joins.set(e.sessionId, e.customerId);
    const ordered = [...joins].sort(([a], [b]) => (a < b ? -1 : 1));
    for (let i = 0; i < ordered.length; i += ROWS_PER_STATEMENT) {
      const source = rowSource(this.dialect, 'joined', JOIN_COLUMNS, ordered.slice(i, i + ROWS_PER_STATEMENT));
      const sql =
        this.dialect.provider === 'sqlite'
          ? `WITH ${source.sql} UPDATE events SET customer_id = joined.customer_id FROM joined
             WHERE events.session_id = joined.session_id AND +events.customer_id IS NULL`
          : `WITH ${source.sql},
             anonymous AS (
               SELECT s.id, joined.customer_id FROM joined
               CROSS JOIN LATERAL (SELECT id, customer_id FROM events WHERE events.session_id = joined.session_id OFFSET 0) s
               WHERE s.customer_id IS NULL
             )
             UPDATE events SET customer_id = anonymous.customer_id FROM anonymous WHERE events.id = anonymous.id`;
      await tx.$executeRawUnsafe(sql, ...source.params);
    }
  }

  /**
   * Customers first and last seen in these events; a customer known only from events gets a row.
   * A row the events do not widen is left alone (no write: a re-import rewrites nothing).
   */
  private async markCustomersSeen(tx: DataTransaction, stored: readonly NormalisedEvent[]): Promise<void> {
    const seen = new Map<string, { first: Date; last: Date }>();
    for (const e of stored) {
      if (e.customerId === null) continue;
      const s = seen.get(e.customerId);
      if (!s) seen.set(e.customerId, { first: e.occurredAt, last: e.occurredAt });
      else {
        if (e.occurredAt < s.first) s.first = e.occurredAt;
        if (e.occurredAt > s.last) s.last = e.occurredAt;
      }
    }
    // In id order, as every writer locks customer rows.
    const ordered = [...seen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, { first, last }]) => [id, first, last]);
    for (let i = 0; i < ordered.length; i += ROWS_PER_STATEMENT) {
      const source = rowSource(this.dialect, 'seen', SEEN_COLUMNS, ordered.slice(i, i + ROWS_PER_STATEMENT));
      await tx.$executeRawUnsafe(
        `WITH ${source.sql}
         INSERT INTO customers (id, attributes, created_at, first_seen_at, last_seen_at)
         SELECT id, '{}', first_seen_at, first_seen_at, last_seen_at FROM seen WHERE true
         ON CONFLICT (id) DO UPDATE SET
           first_seen_at = CASE WHEN customers.first_seen_at IS NULL OR excluded.first_seen_at < customers.first_seen_at
                                THEN excluded.first_seen_at ELSE customers.first_seen_at END,
           last_seen_at = CASE WHEN customers.last_seen_at IS NULL OR excluded.last_seen_at > customers.last_seen_at
                               THEN excluded.last_seen_at ELSE customers.last_seen_at END
         WHERE customers.first_seen_at IS NULL OR excluded.first_seen_at < customers.first_seen_at
            OR customers.last_seen_at IS NULL OR excluded.last_seen_at > customers.last_seen_at`,
        ...source.params,
      );
    }
  }

  async listForCustomer(customerId: string, options: EventListOptions = {}): Promise<FeedbackEvent[]> {
    return this.list({ customerId }, options);
  }

  async listForSession(sessionId: string, options: EventListOptions = {}): Promise<FeedbackEvent[]> {
    return this.list({ sessionId }, options);
  }

  async findByEventIds(eventIds: readonly string[]): Promise<Map<string, FeedbackEvent>> {
    if (eventIds.length === 0) return new Map();
    const rows = await this.client.event.findMany({ where: { eventId: { in: [...new Set(eventIds)] } } });
    return new Map(rows.map((row) => [row.eventId, toEvent(row)]));
  }

  async listSince(since: Date, options: { limit?: number } = {}): Promise<FeedbackEvent[]> {
    const rows = await this.client.event.findMany({
      where: { occurredAt: { gte: since } },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      take: options.limit ?? 10_000,
    });
    return rows.map(toEvent);
  }

  private async list(who: { customerId: string } | { sessionId: string }, options: EventListOptions): Promise<FeedbackEvent[]> {
    const rows = await this.client.event.findMany({
      where: {
        ...who,
        ...(options.since ? { occurredAt: { gte: options.since } } : {}),
        ...(options.types ? { type: { in: [...options.types] } } : {}),
      },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: options.limit ?? 100,
    });
    return rows.map(toEvent);
  }
}
