import { openDatabase, type Database } from '@reco/data';
import { describeEachBackend, MALFORMED_CSV, type TestDatabase } from '@reco/data/testing';
import { INTERACTION_KINDS } from '../model/purchase-columns';
import { readPurchaseColumns } from './purchase-reader';

const at = (text: string) => new Date(text);

describeEachBackend('readPurchaseColumns', (backend) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
    await db.importer.import(MALFORMED_CSV);
    await db.products.upsertMany([
      { id: 'SKU-A', title: 'A', price: 1 },
      { id: 'SKU-B', title: 'B', price: 1 },
      { id: 'SKU-OUT', title: 'Out of stock', price: 1, available: false },
      { id: 'SKU-HIDDEN', title: 'Hidden', price: 1, recommendable: false },
    ]);
    await db.customers.upsertMany([{ id: 'shopper', country: 'DE' }]);
    await db.events.recordMany([
      { eventId: 'e1', customerId: 'shopper', sessionId: 's1', productId: 'SKU-A', type: 'purchase', quantity: 2, occurredAt: at('2024-01-01T10:00:00Z') },
      { eventId: 'e2', customerId: 'shopper', sessionId: 's1', productId: 'SKU-B', type: 'purchase', occurredAt: at('2024-01-01T10:07:00Z') },
      { eventId: 'e3', customerId: 'shopper', productId: 'SKU-B', type: 'purchase', occurredAt: at('2024-01-02T18:00:00Z') },
      { eventId: 'e4', customerId: 'shopper', productId: 'SKU-A', type: 'view', occurredAt: at('2024-01-02T18:00:00Z') },
      { eventId: 'e5', sessionId: 'anonymous', productId: 'SKU-A', type: 'purchase', occurredAt: at('2024-01-02T18:00:00Z') },
      { eventId: 'e6', customerId: 'shopper', productId: 'NOT-IN-CATALOGUE', type: 'purchase', occurredAt: at('2024-01-02T18:00:00Z') },
      { eventId: 'e7', customerId: 'shopper', productId: 'SKU-B', type: 'click', occurredAt: at('2024-01-03T09:00:00Z') },
      { eventId: 'e8', customerId: 'shopper', sessionId: 's2', productId: 'SKU-A', type: 'cart', occurredAt: at('2024-01-03T10:00:00Z') },
      { eventId: 'e9', sessionId: 'anonymous', productId: 'SKU-B', type: 'view', occurredAt: at('2024-01-03T11:00:00Z') },
      { eventId: 'e10', customerId: 'shopper', productId: 'SKU-OUT', type: 'view', occurredAt: at('2024-01-03T12:00:00Z') },
      { eventId: 'e11', customerId: 'shopper', productId: 'SKU-HIDDEN', type: 'view', occurredAt: at('2024-01-03T12:00:00Z') },
      { eventId: 'e12', customerId: 'shopper', productId: 'SKU-A', type: 'return', occurredAt: at('2024-01-03T13:00:00Z') },
    ]);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  function rows(columns: Awaited<ReturnType<typeof readPurchaseColumns>>) {
    return Array.from(columns.customer, (c, i) => ({
      customer: columns.customerIds[c],
      product: columns.productIds[columns.product[i]],
      quantity: columns.quantity[i],
      time: new Date(columns.time[i]).toISOString(),
      country: columns.country[i] < 0 ? undefined : columns.countries[columns.country[i]],
    }));
  }

  it('reads order lines in invoice order, then purchase events with their basket time', async () => {
    expect(rows(await readPurchaseColumns(db, { pageSize: 2 }))).toEqual([
      // Known customers' purchases of merchandise on invoices that are not cancelled.
      { customer: '17850', product: '85123A', quantity: 6, time: '2010-12-01T08:26:00.000Z', country: 'United Kingdom' },
      { customer: '17850', product: '71053', quantity: 6, time: '2010-12-01T08:26:00.000Z', country: 'United Kingdom' },
      { customer: '12583', product: '22633', quantity: 12, time: '2010-12-02T10:00:00.000Z', country: 'France' },
      { customer: '12583', product: '21730', quantity: 3, time: '2010-12-02T10:00:00.000Z', country: 'France' },
      // One session basket (both at its first purchase), then a day basket.
      { customer: 'shopper', product: 'SKU-A', quantity: 2, time: '2024-01-01T10:00:00.000Z', country: 'DE' },
      { customer: 'shopper', product: 'SKU-B', quantity: 1, time: '2024-01-01T10:00:00.000Z', country: 'DE' },
      { customer: 'shopper', product: 'SKU-B', quantity: 1, time: '2024-01-02T18:00:00.000Z', country: 'DE' },
    ]);
  });

  it('leaves out purchases at or after `until`', async () => {
    const before = rows(await readPurchaseColumns(db, { until: at('2024-01-02T00:00:00Z') }));
    expect(before.filter((r) => r.customer === 'shopper').map((r) => r.product)).toEqual(['SKU-A', 'SKU-B']);
    expect(before).toHaveLength(6);
  });

  it('reads views, carts and clicks (as views) of known customers on recommendable products as interactions', async () => {
    const columns = await readPurchaseColumns(db, { pageSize: 2 });
    const ix = columns.interactions;
    const interactions = Array.from(ix?.customer ?? [], (c, i) => ({
      customer: columns.customerIds[c],
      product: columns.productIds[ix?.product[i] ?? -1],
      kind: INTERACTION_KINDS[ix?.kind[i] ?? -1],
      time: new Date(ix?.time[i] ?? 0).toISOString(),
    }));
    // In the order the events were stored.
    interactions.sort((x, y) => x.time.localeCompare(y.time));
    expect(interactions).toEqual([
      { customer: 'shopper', product: 'SKU-A', kind: 'view', time: '2024-01-02T18:00:00.000Z' },
      { customer: 'shopper', product: 'SKU-B', kind: 'view', time: '2024-01-03T09:00:00.000Z' },
      { customer: 'shopper', product: 'SKU-A', kind: 'cart', time: '2024-01-03T10:00:00.000Z' },
      { customer: 'shopper', product: 'SKU-OUT', kind: 'view', time: '2024-01-03T12:00:00.000Z' },
    ]);
    // Out of stock: it trains, and the evaluation knows not to recommend it.
    expect(columns.available?.[columns.productIds.indexOf('SKU-OUT')]).toBe(0);
    expect(columns.available?.[columns.productIds.indexOf('SKU-A')]).toBe(1);
    const before = await readPurchaseColumns(db, { until: at('2024-01-03T00:00:00Z') });
    expect(before.interactions?.customer).toHaveLength(1);
  });
});

describeEachBackend('readPurchaseColumns: purchase event baskets', (backend) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
    await db.products.upsertMany([
      { id: 'A', title: 'A', price: 1 },
      { id: 'B', title: 'B', price: 1 },
      { id: 'OUT', title: 'Out of stock', price: 1, available: false },
    ]);
    await db.customers.upsertMany([
      { id: 'owl', country: 'FR' },
      { id: 'lark', country: 'DE' },
    ]);
    // Stored in this order: a basket's first purchase is not always its first stored event.
    await db.events.recordMany([
      { eventId: 'p1', customerId: 'owl', sessionId: 's', productId: 'A', type: 'purchase', occurredAt: at('2024-02-01T10:30:00Z') },
      { eventId: 'p2', customerId: 'owl', sessionId: 's', productId: 'B', type: 'purchase', occurredAt: at('2024-02-01T10:05:00Z') },
      { eventId: 'p3', customerId: 'owl', productId: 'A', type: 'purchase', occurredAt: at('2024-02-01T23:59:00Z') },
      { eventId: 'p4', customerId: 'owl', productId: 'B', type: 'purchase', occurredAt: at('2024-02-02T00:01:00Z') },
      { eventId: 'p5', customerId: 'owl', productId: 'B', type: 'purchase', occurredAt: at('2024-02-01T20:00:00Z') },
      { eventId: 'p6', customerId: 'lark', productId: 'A', type: 'purchase', occurredAt: at('2024-02-01T21:00:00Z') },
      { eventId: 'p7', customerId: 'owl', sessionId: 's', productId: 'OUT', type: 'purchase', quantity: 3, occurredAt: at('2024-02-03T09:00:00Z') },
    ]);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("gives each event its basket's first time: the session's, else the customer's UTC day's", async () => {
    const columns = await readPurchaseColumns(db, { pageSize: 2 });
    const rows = Array.from(columns.customer, (c, i) => [columns.customerIds[c], columns.productIds[columns.product[i]], columns.quantity[i], new Date(columns.time[i]).toISOString()]);
    expect(rows).toEqual([
      // Session s, across two days, at its earliest purchase (stored second).
      ['owl', 'A', 1, '2024-02-01T10:05:00.000Z'],
      ['owl', 'B', 1, '2024-02-01T10:05:00.000Z'],
      // owl's 1 February without a session, at its earliest (stored later); 2 February apart.
      ['owl', 'A', 1, '2024-02-01T20:00:00.000Z'],
      ['owl', 'B', 1, '2024-02-02T00:01:00.000Z'],
      ['owl', 'B', 1, '2024-02-01T20:00:00.000Z'],
      // Another customer's same day is another basket.
      ['lark', 'A', 1, '2024-02-01T21:00:00.000Z'],
      ['owl', 'OUT', 3, '2024-02-01T10:05:00.000Z'],
    ]);
    expect(Array.from(columns.country, (c) => columns.countries[c])).toEqual(['FR', 'FR', 'FR', 'FR', 'FR', 'DE', 'FR']);
  });
});
