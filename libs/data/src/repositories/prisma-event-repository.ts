import type { DataClient } from '../database/data-client';
import { EVENT_TYPES, type EventType, type FeedbackEvent, type NewFeedbackEvent } from '../types/event';
import type { EventRepository } from './event-repository';

function toEvent(row: { id: number; customerId: string; productCode: string; type: string; occurredAt: Date }): FeedbackEvent {
  return { ...row, type: row.type as EventType };
}

export class PrismaEventRepository implements EventRepository {
  constructor(private readonly client: DataClient) {}

  async record(events: readonly NewFeedbackEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const now = new Date();
    for (const e of events) {
      if (!EVENT_TYPES.includes(e.type)) throw new Error(`unknown event type ${JSON.stringify(e.type)}`);
      if (!e.customerId || !e.productCode) throw new Error('an event needs a customerId and a productCode');
    }
    const result = await this.client.event.createMany({
      data: events.map((e) => ({ customerId: e.customerId, productCode: e.productCode, type: e.type, occurredAt: e.occurredAt ?? now })),
    });
    return result.count;
  }

  async listForCustomer(customerId: string, options: { limit?: number; since?: Date; types?: readonly EventType[] } = {}): Promise<FeedbackEvent[]> {
    const rows = await this.client.event.findMany({
      where: {
        customerId,
        ...(options.since ? { occurredAt: { gte: options.since } } : {}),
        ...(options.types ? { type: { in: [...options.types] } } : {}),
      },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: options.limit ?? 100,
    });
    return rows.map(toEvent);
  }

  async listSince(since: Date, options: { limit?: number } = {}): Promise<FeedbackEvent[]> {
    const rows = await this.client.event.findMany({
      where: { occurredAt: { gte: since } },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      take: options.limit ?? 10_000,
    });
    return rows.map(toEvent);
  }
}
