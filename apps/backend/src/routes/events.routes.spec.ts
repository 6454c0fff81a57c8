import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import type { FeedbackEvent } from '@reco/data';
import type { FeedbackListener } from '@reco/runtime';

describe('POST /api/events', () => {
  let server: TestServer;
  const db = () => {
    if (!server.db) throw new Error('the test server has no database');
    return server.db;
  };
  let alice: string;
  beforeAll(async () => {
    server = await startTestServer({ database: true });
    alice = (await server.tokens.issue('17850')).token;
  });
  afterAll(() => server.close());

  const storedFor = async (customerId: string) => (await db().events.listForCustomer(customerId)).length;

  it('records one event, and a retry of it records nothing new and answers the same', async () => {
    const event = { eventId: 'evt-1', customerId: '12347', productId: '85123A', type: 'view', time: '2026-11-20T10:00:00Z' };
    const first = await server.call('/api/events', { json: event });
    expect(first.status).toBe(201);
    const firstBody = await json(first);
    expect(firstBody).toMatchObject({ recorded: 1, duplicates: 0, results: [{ eventId: 'evt-1', status: 'recorded', duplicate: false }] });
    expect(await storedFor('12347')).toBe(1);

    const again = await server.call('/api/events', { json: event });
    expect(again.status).toBe(200);
    const againBody = await json(again);
    expect(againBody).toMatchObject({ recorded: 0, duplicates: 1, results: [{ eventId: 'evt-1', status: 'recorded', duplicate: true }] });
    expect(againBody.results[0].recordedAt).toBe(firstBody.results[0].recordedAt);
    expect(await storedFor('12347')).toBe(1);
  });

  it('records a batch, concurrent retries included, once', async () => {
    const events = ['cart', 'purchase', 'return'].map((type, i) => ({ eventId: `batch-${i}`, customerId: '12348', productId: '71053', type }));
    const answers = await Promise.all([1, 2, 3].map(() => server.call('/api/events', { json: { events } })));
    const recorded = (await Promise.all(answers.map(json))).reduce((n, b) => n + b.recorded, 0);
    expect(recorded).toBe(3);
    expect(await storedFor('12348')).toBe(3);
  });

  it('answers 409 when an event id is reused for a different event, storing nothing of the batch', async () => {
    await server.call('/api/events', { json: { eventId: 'evt-x', customerId: '12349', productId: '85123A', type: 'view' } });
    const res = await server.call('/api/events', {
      json: { events: [{ eventId: 'evt-new', customerId: '12349', productId: '22752', type: 'view' }, { eventId: 'evt-x', customerId: '12349', productId: '85123A', type: 'purchase' }] },
    });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'CONFLICT', details: { eventId: 'evt-x' } });
    expect(await storedFor('12349')).toBe(1);
    const twice = await server.call('/api/events', { json: { events: [{ eventId: 'd', customerId: '1', productId: 'A', type: 'view' }, { eventId: 'd', customerId: '1', productId: 'A', type: 'view' }] } });
    expect(twice.status).toBe(409);
  });

  it('validates each event, naming the field', async () => {
    const res = await server.call('/api/events', { json: { events: [{ eventId: 'ok', customerId: '1', productId: 'A', type: 'like', time: 'yesterday' }] } });
    expect(res.status).toBe(400);
    const fields = (await json(res)).error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['events.0.type', 'events.0.time']));
    const empty = await server.call('/api/events', { json: { events: [] } });
    expect(empty.status).toBe(400);
  });

  it("lets a customer record its own events only", async () => {
    const own = await server.call('/api/events', { as: alice, json: { eventId: 'a-1', customerId: '17850', productId: '85123A', type: 'view' } });
    expect(own.status).toBe(201);
    const other = await server.call('/api/events', { as: alice, json: { eventId: 'a-2', customerId: '12347', productId: '85123A', type: 'view' } });
    expect(other.status).toBe(403);
  });

  it('records through the live feedback service', async () => {
    const seen: FeedbackEvent[] = [];
    const feedback: FeedbackListener = {
      name: 'spy',
      eventsRecorded: async (events) => {
        seen.push(...events);
      },
    };
    const withService = await startTestServer({ database: true, listeners: { feedback: [feedback] } });
    try {
      const res = await withService.call('/api/events', { json: { eventId: 's-1', customerId: '12347', productId: '85123A', type: 'purchase' } });
      expect(res.status).toBe(201);
      expect(seen).toEqual([expect.objectContaining({ customerId: '12347', productId: '85123A', type: 'purchase', occurredAt: expect.any(Date) })]);
    } finally {
      await withService.close();
    }
  });

  it('answers 503 when no live feedback service is registered', async () => {
    const bare = await startTestServer();
    try {
      const res = await bare.call('/api/events', { json: { eventId: 'n-1', customerId: '12347', productId: '85123A', type: 'view' } });
      expect(res.status).toBe(503);
      expect((await json(res)).error.code).toBe('UNAVAILABLE');
    } finally {
      await bare.close();
    }
  });
});
