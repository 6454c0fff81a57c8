import type { DataClient, DataTransaction } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import { EVENT_TYPES, type EventInput, type EventType, type EventWriteResult, type FeedbackEvent } from '../types/event';
import type { EventListOptions, EventRepository } from './event-repository';

const COLUMNS = ['event_id', 'customer_id', 'session_id', 'product_id', 'type', 'quantity', 'price', 'recommendation_id', 'occurred_at', 'received_at'] as const;

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

  async recordMany(events: readonly EventInput[]): Promise<EventWriteResult[]> {
    if (events.length === 0) return [];
    const receivedAt = new Date();
    const sent = events.map((e) => normalise(e, receivedAt));
    return this.client.$transaction(
      async (tx) => {
        const inserted = await this.insertNew(tx, sent, receivedAt);
        // The first of several events with one id in a batch is the one inserted.
        const first = new Map<string, number>();
        sent.forEach((e, i) => first.has(e.eventId) || first.set(e.eventId, i));
        const storedIndex = (e: NormalisedEvent, i: number) => inserted.has(e.eventId) && first.get(e.eventId) === i;
        const others = [...new Set(sent.filter((e, i) => !storedIndex(e, i)).map((e) => e.eventId))];
        const before = new Map(
          others.length === 0 ? [] : (await tx.event.findMany({ where: { eventId: { in: others } } })).map((row) => [row.eventId, toEvent(row)]),
        );
        const results: EventWriteResult[] = sent.map((e, i) => {
          if (storedIndex(e, i)) return { eventId: e.eventId, status: 'stored' };
          const stored = before.get(e.eventId);
          return { eventId: e.eventId, status: stored && sameEvent(e, stored) ? 'duplicate' : 'conflict' };
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
   * INSERT ... ON CONFLICT (event_id) DO NOTHING: the ids the database took. Rows go in event id
   * order (a stable sort keeps the first of equal ids first), so concurrent writers lock the
   * unique index in one order and never deadlock.
   */
  private async insertNew(tx: DataTransaction, sent: readonly NormalisedEvent[], receivedAt: Date): Promise<Set<string>> {
    const inserted = new Set<string>();
    const ordered = [...sent].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    const perStatement = Math.floor(this.dialect.maxParams / COLUMNS.length);
    for (let i = 0; i < ordered.length; i += perStatement) {
      const chunk = ordered.slice(i, i + perStatement);
      const params = chunk.flatMap((e) => [e.eventId, e.customerId, e.sessionId, e.productId, e.type, e.quantity, e.price, e.recommendationId, e.occurredAt, receivedAt]);
      const rows = await tx.$queryRawUnsafe<{ event_id: string }[]>(
        `INSERT INTO events (${COLUMNS.join(', ')}) VALUES ${this.dialect.tuples(chunk.length, COLUMNS.length)}
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        ...params,
      );
      for (const row of rows) inserted.add(row.event_id);
    }
    return inserted;
  }

  /** A session that names its customer joins the customer's history: its anonymous events become theirs. */
  private async joinSessions(tx: DataTransaction, stored: readonly NormalisedEvent[]): Promise<void> {
    const joins = new Map<string, string>();
    for (const e of stored) if (e.customerId !== null && e.sessionId !== null && !joins.has(e.sessionId)) joins.set(e.sessionId, e.customerId);
    for (const [sessionId, customerId] of [...joins].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await tx.event.updateMany({ where: { sessionId, customerId: null }, data: { customerId } });
    }
  }

  /** Customers first and last seen in these events; a customer known only from events gets a row. */
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
    if (seen.size === 0) return;
    // In id order, as every writer locks customer rows.
    const entries = [...seen].sort(([a], [b]) => (a < b ? -1 : 1));
    const perStatement = Math.floor(this.dialect.maxParams / 5);
    for (let i = 0; i < entries.length; i += perStatement) {
      const chunk = entries.slice(i, i + perStatement);
      await tx.$executeRawUnsafe(
        `INSERT INTO customers (id, attributes, created_at, first_seen_at, last_seen_at) VALUES ${this.dialect.tuples(chunk.length, 5)}
         ON CONFLICT (id) DO UPDATE SET
           first_seen_at = CASE WHEN customers.first_seen_at IS NULL OR excluded.first_seen_at < customers.first_seen_at
                                THEN excluded.first_seen_at ELSE customers.first_seen_at END,
           last_seen_at = CASE WHEN customers.last_seen_at IS NULL OR excluded.last_seen_at > customers.last_seen_at
                               THEN excluded.last_seen_at ELSE customers.last_seen_at END`,
        ...chunk.flatMap(([id, { first, last }]) => [id, '{}', first, first, last]),
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
