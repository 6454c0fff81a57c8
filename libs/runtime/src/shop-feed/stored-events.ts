import type { Database, EventType, FeedbackEvent } from '@reco/data';

/**
 * The stored events with these client ids (one indexed query on the unique event_id). The event
 * repository has no lookup by client id; this is the one read the shop feed needs besides it.
 */
export async function storedEvents(db: Database, eventIds: readonly string[]): Promise<Map<string, FeedbackEvent>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db.client.event.findMany({ where: { eventId: { in: [...new Set(eventIds)] } } });
  return new Map(rows.map((row) => [row.eventId, { ...row, type: row.type as EventType }]));
}
