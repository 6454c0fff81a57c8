import { openDatabase, type Database } from '../database/open-database';
import { describeEachBackend, type TestDatabase } from '../testing/test-databases';
import type { EventInput } from '../types/event';

const at = (text: string) => new Date(text);

// The open model's writes on an empty database: what any shop sends, by API or by file.
describeEachBackend('open model repositories', (backend) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url, defaultCurrency: 'EUR' });
    await db.migrate();
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  describe('products', () => {
    it('inserts with defaults, then sets only the fields a record names', async () => {
      const before = new Date();
      expect(
        await db.products.upsertMany([
          { id: 'SKU-000123', title: 'Red mug', price: 9.5, categories: ['Home > Kitchen > Mugs'], tags: ['color:red', 'eco'], createdAt: at('2024-01-01T00:00:00Z') },
          { id: '4006381333931', title: 'Pencil', price: 1.2, description: 'HB, 17.5 cm', currency: 'GBP', available: false, imageUrl: 'https://shop.example/p.png' },
          { id: ' ab-12', title: 'Spaced id', price: 0 },
        ]),
      ).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
      const [mug, pencil, spaced] = await db.products.findByIds(['SKU-000123', '4006381333931', ' ab-12']);
      expect(mug).toMatchObject({
        title: 'Red mug',
        description: null,
        price: 9.5,
        typicalPrice: null,
        currency: 'EUR',
        categories: ['Home > Kitchen > Mugs'],
        tags: ['color:red', 'eco'],
        available: true,
        recommendable: true,
        createdAt: at('2024-01-01T00:00:00Z'),
        imageUrl: null,
        url: null,
      });
      expect(mug?.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect(pencil).toMatchObject({ description: 'HB, 17.5 cm', currency: 'GBP', available: false, imageUrl: 'https://shop.example/p.png' });
      expect(spaced?.id).toBe(' ab-12');

      // The mug's price changes; its categories, tags and creation time are not named, so they stay.
      const result = await db.products.upsertMany([
        { id: 'SKU-000123', title: 'Red mug', price: 8.5 },
        { id: '4006381333931', title: 'Pencil', price: 1.2 },
        { id: 'SKU-NEW', title: 'New', price: 3, tags: ['a'] },
        { id: 'SKU-NEW', title: 'New', price: 3, categories: ['Garden'] },
      ]);
      expect(result).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
      expect(await db.products.findById('SKU-000123')).toMatchObject({ price: 8.5, categories: ['Home > Kitchen > Mugs'], tags: ['color:red', 'eco'], createdAt: at('2024-01-01T00:00:00Z') });
      expect(await db.products.findById('SKU-NEW')).toMatchObject({ tags: ['a'], categories: ['Garden'] });
      expect((await db.products.findById('4006381333931'))?.updatedAt).toEqual(pencil?.updatedAt);
    });

    it('hides a product from recommendations and search, keeping it', async () => {
      expect(await db.products.hide('SKU-NEW')).toBe(true);
      expect(await db.products.hide('NO-SUCH')).toBe(false);
      expect(await db.products.findById('SKU-NEW')).toMatchObject({ recommendable: false, available: false });
      expect((await db.products.findAll({ recommendableOnly: true })).map((p) => p.id)).not.toContain('SKU-NEW');
    });

    it('lists what changed since a time, page by page', async () => {
      const all = await db.products.changedSince(new Date(0));
      expect(all.map((p) => p.id).sort()).toEqual([' ab-12', '4006381333931', 'SKU-000123', 'SKU-NEW']);
      const times = all.map((p) => p.updatedAt.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const [first, second] = await db.products.changedSince(new Date(0), 2);
      const rest = await db.products.changedSince(second?.updatedAt ?? new Date(0), 10, second?.id);
      expect([first, second, ...rest].map((p) => p?.id)).toEqual(all.map((p) => p.id));
      const latest = all.at(-1)?.updatedAt ?? new Date(0);
      expect((await db.products.changedSince(new Date(latest.getTime() + 1))).length).toBe(0);
    });
  });

  describe('customers', () => {
    it('inserts with defaults, then sets only the fields a record names', async () => {
      expect(
        await db.customers.upsertMany([
          { id: 'C-1', country: 'DE', attributes: { tier: 'gold' }, createdAt: at('2023-05-01T00:00:00Z') },
          { id: 'C-2' },
        ]),
      ).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      expect(await db.customers.upsertMany([{ id: 'C-1', attributes: { tier: 'silver' } }, { id: 'C-2' }])).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
      expect(await db.customers.findById('C-1')).toEqual({
        id: 'C-1',
        country: 'DE',
        attributes: { tier: 'silver' },
        createdAt: at('2023-05-01T00:00:00Z'),
        firstSeenAt: null,
        lastSeenAt: null,
      });
      expect(await db.customers.findById('C-2')).toMatchObject({ country: null, attributes: {} });
    });
  });

  describe('events', () => {
    const view: EventInput = { eventId: 'ev-1', sessionId: 'S-1', productId: 'SKU-000123', type: 'view', occurredAt: at('2024-03-01T10:00:00Z') };

    it('stores each event id once; a repeat is a duplicate, a reused id a conflict', async () => {
      const results = await db.events.recordMany([
        view,
        { eventId: 'ev-2', sessionId: 'S-1', productId: '4006381333931', type: 'cart', quantity: 2, occurredAt: at('2024-03-01T10:01:00Z') },
        { ...view },
        { ...view, productId: 'OTHER' },
      ]);
      expect(results.map(({ eventId, status }) => ({ eventId, status }))).toEqual([
        { eventId: 'ev-1', status: 'stored' },
        { eventId: 'ev-2', status: 'stored' },
        { eventId: 'ev-1', status: 'duplicate' },
        { eventId: 'ev-1', status: 'conflict' },
      ]);
      // Each stored or duplicate event comes with its row exactly as a read gives it; a conflict with none.
      const rows = await db.events.findByEventIds(['ev-1', 'ev-2']);
      expect(results.map((r) => r.event)).toEqual([rows.get('ev-1'), rows.get('ev-2'), rows.get('ev-1'), undefined]);
      expect(await db.events.recordMany([view, { ...view, type: 'cart' }])).toEqual([
        { eventId: 'ev-1', status: 'duplicate', event: rows.get('ev-1') },
        { eventId: 'ev-1', status: 'conflict' },
      ]);
      const session = await db.events.listForSession('S-1');
      expect(session.map((e) => [e.eventId, e.customerId])).toEqual([
        ['ev-2', null],
        ['ev-1', null],
      ]);
      expect(session[0]).toMatchObject({ type: 'cart', quantity: 2, price: null, recommendationId: null });
    });

    it('finds stored events by their client ids, leaving unknown ids out', async () => {
      const found = await db.events.findByEventIds(['ev-2', 'ev-1', 'nope', 'ev-2']);
      expect([...found.keys()].sort()).toEqual(['ev-1', 'ev-2']);
      expect(found.get('ev-2')).toMatchObject({ sessionId: 'S-1', type: 'cart', quantity: 2 });
      expect((await db.events.findByEventIds([])).size).toBe(0);
    });

    it('refuses events no shop could send', async () => {
      await expect(db.events.recordMany([{ eventId: 'x', productId: 'p', type: 'view' }])).rejects.toThrow(/customerId or a sessionId/);
      await expect(db.events.recordMany([{ eventId: 'x', customerId: 'c', productId: 'p', type: 'like' as never }])).rejects.toThrow(/unknown event type/);
      expect(await db.client.event.count({ where: { eventId: 'x' } })).toBe(0);
    });

    it('joins a session that signs in to its customer, who is then seen', async () => {
      const signIn = { eventId: 'ev-3', customerId: 'C-9', sessionId: 'S-1', productId: 'SKU-000123', type: 'purchase' as const, occurredAt: at('2024-03-01T10:05:00Z') };
      expect(await db.events.recordMany([signIn])).toEqual([{ eventId: 'ev-3', status: 'stored', event: expect.objectContaining({ ...signIn, price: null }) }]);
      expect((await db.events.listForCustomer('C-9')).map((e) => e.eventId)).toEqual(['ev-3', 'ev-2', 'ev-1']);
      // The anonymous view, retried after the sign-in, is still the same event.
      expect(await db.events.recordMany([view])).toEqual([{ eventId: 'ev-1', status: 'duplicate', event: expect.objectContaining({ customerId: 'C-9' }) }]);
      expect(await db.customers.findById('C-9')).toMatchObject({
        country: null,
        createdAt: at('2024-03-01T10:05:00Z'),
        firstSeenAt: at('2024-03-01T10:05:00Z'),
        lastSeenAt: at('2024-03-01T10:05:00Z'),
      });
    });

    // Two connection pools, as two backend processes have. (SQLite's driver is synchronous: two
    // connections in one process would wait on each other; its writers are separate processes.)
    if (backend.name === 'postgresql') it('decides between concurrent writers of one id by the database', async () => {
      const other = await openDatabase({ url: testDb.url });
      try {
        const batch: EventInput[] = Array.from({ length: 20 }, (_, i) => ({
          eventId: `race-${i}`,
          customerId: 'C-1',
          productId: 'SKU-000123',
          type: 'view',
          occurredAt: at('2024-03-02T00:00:00Z'),
        }));
        // The second writer sends them in the opposite order: neither waits on the other forever.
        const [a, b] = await Promise.all([db.events.recordMany(batch), other.events.recordMany([...batch].reverse())]);
        const statusOf = new Map(b.map((r) => [r.eventId, r.status]));
        for (const r of a) expect([r.status, statusOf.get(r.eventId)].sort()).toEqual(['duplicate', 'stored']);
        expect(await db.client.event.count({ where: { eventId: { startsWith: 'race-' } } })).toBe(20);
      } finally {
        await other.close();
      }
    });
  });

  describe('purchases from events', () => {
    beforeAll(async () => {
      await db.products.upsertMany([
        { id: 'P-A', title: 'A', price: 10 },
        { id: 'P-B', title: 'B', price: 4 },
        { id: 'P-C', title: 'C', price: 1 },
      ]);
      await db.customers.upsertMany([{ id: 'BUYER', country: 'France' }]);
      await db.events.recordMany([
        // One session basket: A and B.
        { eventId: 'p-1', customerId: 'BUYER', sessionId: 'S-9', productId: 'P-A', type: 'purchase', quantity: 2, occurredAt: at('2024-04-01T09:00:00Z') },
        { eventId: 'p-2', customerId: 'BUYER', sessionId: 'S-9', productId: 'P-B', type: 'purchase', price: 3.5, occurredAt: at('2024-04-01T09:01:00Z') },
        // A day basket (no session): A and C; C returned later.
        { eventId: 'p-3', customerId: 'BUYER', productId: 'P-A', type: 'purchase', occurredAt: at('2024-04-03T08:00:00Z') },
        { eventId: 'p-4', customerId: 'BUYER', productId: 'P-C', type: 'purchase', occurredAt: at('2024-04-03T20:00:00Z') },
        { eventId: 'p-5', customerId: 'BUYER', productId: 'P-C', type: 'return', occurredAt: at('2024-04-05T08:00:00Z') },
        // Views are not purchases.
        { eventId: 'p-6', customerId: 'BUYER', productId: 'P-B', type: 'view', occurredAt: at('2024-04-06T08:00:00Z') },
      ]);
    });

    it('streams purchases with their basket keys', async () => {
      const purchases = [];
      for await (const p of db.orders.streamPurchases({ pageSize: 2 })) if (p.customerId === 'BUYER') purchases.push(p);
      expect(purchases).toEqual([
        { customerId: 'BUYER', productId: 'P-A', quantity: 2, basketKey: 'session:S-9', purchasedAt: at('2024-04-01T09:00:00Z') },
        { customerId: 'BUYER', productId: 'P-B', quantity: 1, basketKey: 'session:S-9', purchasedAt: at('2024-04-01T09:01:00Z') },
        { customerId: 'BUYER', productId: 'P-A', quantity: 1, basketKey: 'day:BUYER:2024-04-03', purchasedAt: at('2024-04-03T08:00:00Z') },
        { customerId: 'BUYER', productId: 'P-C', quantity: 1, basketKey: 'day:BUYER:2024-04-03', purchasedAt: at('2024-04-03T20:00:00Z') },
      ]);
    });

    it('counts them in popularity, co-purchases and customer aggregates', async () => {
      const since = at('2024-04-01T00:00:00Z');
      expect(await db.orders.popularProducts({ since, limit: 3 })).toEqual([
        { productId: 'P-A', quantity: 3, orders: 2 },
        { productId: 'P-B', quantity: 1, orders: 1 },
        { productId: 'P-C', quantity: 1, orders: 1 },
      ]);
      expect(await db.orders.popularProducts({ since, country: 'France', limit: 1 })).toEqual([{ productId: 'P-A', quantity: 3, orders: 2 }]);
      expect(await db.orders.coPurchases('P-A', { since })).toEqual([
        { productId: 'P-B', orders: 1 },
        { productId: 'P-C', orders: 1 },
      ]);
      const buyer = (await db.orders.customerAggregates({ since })).find((a) => a.customerId === 'BUYER');
      expect(buyer).toEqual({
        customerId: 'BUYER',
        orders: 2,
        firstPurchaseAt: at('2024-04-01T09:00:00Z'),
        lastPurchaseAt: at('2024-04-03T20:00:00Z'),
        lastOrderAt: at('2024-04-05T08:00:00Z'),
        purchaseValue: 2 * 10 + 3.5 + 10 + 1,
        returnValue: 1,
        returnLines: 1,
        units: 5,
        distinctProducts: 3,
      });
      expect(await db.orders.latestPurchaseAt()).toEqual(at('2024-04-05T08:00:00Z'));
    });
  });
});
