import type { FeedbackEvent } from '@reco/data';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

describe('POST /api/events: the open model', () => {
  let server: TestServer;
  let alice: string;
  const told: FeedbackEvent[] = [];
  const db = () => {
    if (!server.db) throw new Error('the test server has no database');
    return server.db;
  };
  beforeAll(async () => {
    server = await startTestServer({ database: true, listeners: { feedback: [{ name: 'spy', eventsRecorded: async (events) => void told.push(...events) }] } });
    alice = (await server.tokens.issue('17850')).token;
  });
  afterAll(() => server.close());
  beforeEach(() => (told.length = 0));

  it("records an anonymous session's events with every field, and the session joins its customer when it signs in", async () => {
    const events = [
      { eventId: 'sess-1', sessionId: 'visit-1', productId: 'SKU-000123', type: 'view', occurredAt: '2026-11-20T10:00:00Z' },
      { eventId: 'sess-2', sessionId: 'visit-1', productId: 'SKU-000123', type: 'click', recommendationId: 'rec-9', occurredAt: '2026-11-20T10:01:00Z' },
      { eventId: 'sess-3', sessionId: 'visit-1', productId: 'SKU-000123', type: 'cart', quantity: 2, price: 12.5, occurredAt: '2026-11-20T10:02:00Z' },
    ];
    const res = await server.call('/api/events', { json: { events } });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ accepted: 3, recorded: 3, duplicates: 0, refused: 0 });
    expect(told.map((e) => e.eventId)).toEqual(['sess-1', 'sess-2', 'sess-3']);
    expect(await db().events.listForSession('visit-1')).toEqual(
      expect.arrayContaining([expect.objectContaining({ eventId: 'sess-2', type: 'click', recommendationId: 'rec-9' }), expect.objectContaining({ eventId: 'sess-3', quantity: 2, price: 12.5 })]),
    );

    const signIn = { eventId: 'sess-4', sessionId: 'visit-1', customerId: '17850', productId: 'SKU-000123', type: 'purchase', quantity: 1, price: 12.5 };
    expect((await server.call('/api/events', { as: alice, json: signIn })).status).toBe(201);
    const history = await db().events.listForCustomer('17850');
    expect(history.map((e) => e.eventId)).toEqual(expect.arrayContaining(['sess-1', 'sess-2', 'sess-3', 'sess-4']));
  });

  it('needs a staff key for events naming only a session', async () => {
    const anonymous = { eventId: 'sess-x', sessionId: 'visit-2', productId: 'SKU-000123', type: 'view' };
    const res = await server.call('/api/events', { as: alice, json: anonymous });
    expect(res.status).toBe(403);
    expect((await json(res)).error.message).toMatch(/service or admin key/);
    expect(await db().events.listForSession('visit-2')).toEqual([]);
  });

  it('stores the valid events of a batch and lists the refused ones with their fields', async () => {
    const res = await server.call('/api/events', {
      json: {
        events: [
          { eventId: 'mix-1', customerId: '12347', productId: 'A', type: 'view' },
          { eventId: 'mix-2', productId: 'A', type: 'view' },
          { eventId: 'mix-3', customerId: '12347', productId: 'A', type: 'view', time: '2026-11-20T10:00:00Z', occurredAt: '2026-11-20T10:00:00Z' },
          { eventId: 'mix-4', customerId: '12347', productId: 'A', type: 'purchase', quantity: 0 },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({
      accepted: 1,
      recorded: 1,
      refused: 3,
      results: [
        { index: 0, eventId: 'mix-1', status: 'recorded', duplicate: false },
        { index: 1, eventId: 'mix-2', status: 'refused', errors: [{ field: 'customerId', reason: 'names neither a customer nor a session (an event needs one or both)' }] },
        { index: 2, eventId: 'mix-3', status: 'refused', errors: [{ field: 'time', reason: 'the old name of occurredAt: send one of them' }] },
        { index: 3, eventId: 'mix-4', status: 'refused', errors: [{ field: 'quantity', reason: 'less than 1' }] },
      ],
    });
  });

  it('names the fields of a single refused event as sent, and takes at most 1,000 events a batch', async () => {
    const single = await server.call('/api/events', { json: { eventId: 'one', customerId: '1', productId: 'A', type: 'like' } });
    expect(single.status).toBe(400);
    expect((await json(single)).error.details.issues).toEqual([expect.objectContaining({ field: 'type', in: 'body' })]);
    const events = Array.from({ length: 1_001 }, (_, i) => ({ eventId: `many-${i}`, customerId: '1', productId: 'A', type: 'view' }));
    const tooMany = await server.call('/api/events', { json: { events } });
    expect(tooMany.status).toBe(413);
    expect((await json(tooMany)).error).toMatchObject({ code: 'BATCH_TOO_LARGE', details: { limit: 1_000 } });
  });

  it('tells the live feedback about a new event, and again about its retry (the first answer, and its invalidation, may have been lost)', async () => {
    const event = { eventId: 'db-1', customerId: '12350', productId: 'A', type: 'view' };
    const first = await json(await server.call('/api/events', { json: event }));
    const again = await server.call('/api/events', { json: event });
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({ recorded: 0, duplicates: 1, results: [{ duplicate: true, recordedAt: first.results[0].recordedAt }] });
    expect(told.map((e) => e.eventId)).toEqual(['db-1', 'db-1']);
  });
});
