import { describeEachBackend, useMigratedDatabase } from '../testing/test-databases';
import type { EventInput } from '../types/event';
import { ROWS_PER_STATEMENT } from './row-source';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * DAY);

// recordMany at import size: batches spanning several statements of each kind.
describeEachBackend('event writes in bulk', (backend) => {
  const db = useMigratedDatabase(backend);

  it('tells new, repeated and reused ids apart in a batch of several statements', async () => {
    const event = (i: number, productId = 'SKU-1'): EventInput => ({ eventId: `b-${i}`, sessionId: `S-b${i % 50}`, productId, type: 'view', occurredAt: day(i % 300) });
    await db().events.recordMany([event(7), event(ROWS_PER_STATEMENT + 3), event(2 * ROWS_PER_STATEMENT + 1, 'SKU-OTHER')]);
    const total = 2 * ROWS_PER_STATEMENT + 10;
    const results = await db().events.recordMany(Array.from({ length: total }, (_, i) => event(i)));
    const statusOf = new Map(results.map((r) => [r.eventId, r.status]));
    expect(results).toHaveLength(total);
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(total - 3);
    expect([statusOf.get('b-7'), statusOf.get(`b-${ROWS_PER_STATEMENT + 3}`), statusOf.get(`b-${2 * ROWS_PER_STATEMENT + 1}`)]).toEqual(['duplicate', 'duplicate', 'conflict']);
    expect(await db().client.event.count({ where: { eventId: { startsWith: 'b-' } } })).toBe(total);
    // Importing the same batch again changes nothing.
    const again = await db().events.recordMany(Array.from({ length: total }, (_, i) => event(i)));
    expect(again.filter((r) => r.status === 'stored')).toHaveLength(0);
    expect(await db().client.event.count({ where: { eventId: { startsWith: 'b-' } } })).toBe(total);
  });

  it('joins every session that signs in, across statements, and widens when customers were seen', async () => {
    const sessions = ROWS_PER_STATEMENT + 7;
    const anonymous = Array.from({ length: sessions }, (_, i): EventInput => ({ eventId: `a-${i}`, sessionId: `S-${i}`, productId: 'SKU-1', type: 'view', occurredAt: day(10) }));
    await db().events.recordMany(anonymous);
    const signIns = Array.from({ length: sessions }, (_, i): EventInput => ({
      eventId: `s-${i}`,
      customerId: `C-${i % 100}`,
      sessionId: `S-${i}`,
      productId: 'SKU-2',
      type: 'cart',
      occurredAt: day(10 + (i % 300)),
    }));
    await db().events.recordMany(signIns);
    expect(await db().client.event.count({ where: { eventId: { startsWith: 'a-' }, customerId: null } })).toBe(0);
    expect((await db().events.listForSession(`S-${sessions - 1}`)).map((e) => e.customerId)).toEqual(['C-6', 'C-6']);
    // C-5 signed in through sessions 5, 105, 205, ...: on days 15, 115 and 215.
    expect(await db().customers.findById('C-5')).toMatchObject({ firstSeenAt: day(15), lastSeenAt: day(215) });
    await db().events.recordMany([{ eventId: 'inside', customerId: 'C-5', productId: 'SKU-1', type: 'view', occurredAt: day(100) }]);
    expect(await db().customers.findById('C-5')).toMatchObject({ firstSeenAt: day(15), lastSeenAt: day(215) });
    await db().events.recordMany([
      { eventId: 'early', customerId: 'C-5', productId: 'SKU-1', type: 'view', occurredAt: day(1) },
      { eventId: 'late', customerId: 'C-5', productId: 'SKU-1', type: 'view', occurredAt: day(400) },
    ]);
    expect(await db().customers.findById('C-5')).toMatchObject({ firstSeenAt: day(1), lastSeenAt: day(400) });
  });

  it('stores times exactly as Prisma writes them, so SQL compares both alike', async () => {
    const time = new Date('2024-05-06T07:08:09.010Z');
    await db().client.event.create({ data: { eventId: 'by-prisma', customerId: 'C-t', productId: 'SKU-1', type: 'view', occurredAt: time, receivedAt: time } });
    await db().events.recordMany([{ eventId: 'by-import', customerId: 'C-t', productId: 'SKU-1', type: 'view', occurredAt: time }]);
    const same = await db().client.$queryRawUnsafe<{ n: unknown }[]>(
      `SELECT COUNT(*) AS n FROM events WHERE occurred_at = (SELECT occurred_at FROM events WHERE event_id = 'by-prisma')`,
    );
    expect(Number(same[0]?.n)).toBe(2);
  });
});
