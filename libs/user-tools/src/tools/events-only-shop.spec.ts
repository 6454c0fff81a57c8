import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache } from '@reco/async-cache';
import { ToolRegistry, type CustomerProfile, type CustomerSegment, type Order, type SegmentSummary } from '@reco/base-tools';
import { openDatabase, type Database, type DatabaseHandle, type EventInput } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { CustomerProfileService } from '../profile/customer-profile-service';
import { SegmentationService } from '../segments/segmentation-service';
import { SegmentStore } from '../segments/segment-store';
import { createUserTools } from './user-tools';

const staff = { caller: { kind: 'service' as const, keyId: 's' } };
let seq = 0;
const event = (fields: Omit<EventInput, 'eventId' | 'occurredAt'> & { at: string }): EventInput => {
  const { at, ...rest } = fields;
  return { eventId: `ev-${++seq}`, occurredAt: new Date(at), ...rest };
};

// C-1's purchases: a session basket, a day basket (no session), a later session with a return.
const C1_EVENTS: EventInput[] = [
  event({ customerId: 'C-1', sessionId: 'S1', productId: 'P1', type: 'view', at: '2024-03-01T09:55:00Z' }),
  event({ customerId: 'C-1', sessionId: 'S1', productId: 'P1', type: 'purchase', quantity: 2, price: 4.5, at: '2024-03-01T10:00:00Z' }),
  event({ customerId: 'C-1', sessionId: 'S1', productId: 'WRAP', type: 'purchase', at: '2024-03-01T10:05:00Z' }),
  event({ customerId: 'C-1', productId: 'P1', type: 'purchase', at: '2024-03-05T09:00:00Z' }),
  event({ customerId: 'C-1', productId: 'WRAP', type: 'purchase', at: '2024-03-05T09:01:00Z' }),
  event({ customerId: 'C-1', productId: 'P4', type: 'purchase', price: 18, at: '2024-03-05T18:00:00Z' }),
  event({ sessionId: 'S2', productId: 'P2', type: 'cart', at: '2024-04-01T11:50:00Z' }),
  event({ customerId: 'C-1', sessionId: 'S2', productId: 'P2', type: 'purchase', quantity: 3, at: '2024-04-01T12:00:00Z' }),
  event({ customerId: 'C-1', sessionId: 'S2', productId: 'WRAP', type: 'purchase', at: '2024-04-01T12:00:30Z' }),
  event({ customerId: 'C-1', sessionId: 'S2', productId: 'NOT-IN-CATALOGUE', type: 'purchase', price: 2, at: '2024-04-01T12:01:00Z' }),
  event({ customerId: 'C-1', sessionId: 'S2', productId: 'P1', type: 'return', price: 4.5, at: '2024-04-02T08:00:00Z' }),
];

// Ten more buyers with 1-10 purchases spread over the year, and a customer who only browsed.
const OTHER_EVENTS: EventInput[] = [
  ...Array.from({ length: 10 }, (_, b) =>
    Array.from({ length: b + 1 }, (_, i) =>
      event({ customerId: `B-${b}`, productId: i % 2 ? 'P2' : 'P4', type: 'purchase', quantity: 1 + (b % 3), at: new Date(Date.UTC(2024, (b + i) % 12, 1 + i, 12)).toISOString() }),
    ),
  ).flat(),
  event({ customerId: 'V-1', sessionId: 'S9', productId: 'P1', type: 'view', at: '2024-12-20T10:00:00Z' }),
];

describe('user tools on a shop that sends only events', () => {
  let dir: string;
  let db: Database;
  let executor: AsyncExecutor;
  let registry: ToolRegistry;
  let segmentation: SegmentationService;
  const cache = createCache({ backend: 'memory' });
  const data = async <T>(tool: string, input: object): Promise<T> => {
    const result = await registry.invoke<T>(tool, input, staff);
    if (!result.ok) throw new Error(`${tool}: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-events-only-'));
    db = await openDatabase({ url: `file:${path.join(dir, 'shop.db')}` });
    await db.migrate();
    await db.products.upsertMany([
      { id: 'P1', title: 'Red enamel mug', price: 5 },
      { id: 'P2', title: 'Blue bowl', price: 3 },
      { id: 'P4', title: 'Teapot', price: 20 },
      // Bought in most of C-1's orders, but the shop hid it: nobody's favourite.
      { id: 'WRAP', title: 'Gift wrap', price: 1, recommendable: false },
    ]);
    const stored = await db.events.recordMany([...C1_EVENTS, ...OTHER_EVENTS]);
    expect(stored.every((r) => r.status === 'stored')).toBe(true);
    const database: DatabaseHandle = { get: async () => db };
    executor = new AsyncExecutor({ threads: 1 });
    segmentation = new SegmentationService({ database, executor, store: new SegmentStore(database, cache, 60_000), clusters: 3, seed: 42 });
    registry = new ToolRegistry({ defaultTimeoutMs: 30_000 }).register(...createUserTools({ profiles: new CustomerProfileService(database, cache, 60_000), segmentation }));
  });
  afterAll(async () => {
    await executor.close();
    await cache.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows purchase events as orders of their baskets, newest first, returns as cancellations', async () => {
    const { orders } = await data<{ orders: Order[] }>('get_purchase_history', { userId: 'C-1', limit: 100 });
    expect(orders.map((o) => [o.invoiceNo, o.time, o.cancelled])).toEqual([
      ['return:session:S2', '2024-04-02T08:00:00.000Z', true],
      ['session:S2', '2024-04-01T12:01:00.000Z', false],
      ['day:C-1:2024-03-05', '2024-03-05T18:00:00.000Z', false],
      ['session:S1', '2024-03-01T10:05:00.000Z', false],
    ]);
    expect(orders[0]).toMatchObject({ lines: [{ productId: 'P1', description: 'Red enamel mug', quantity: -1, unitPrice: 4.5 }], total: -4.5 });
    // Quantity 1 and the product's price when the event names none; the id when the catalogue lacks
    // the product (and then no word on whether the shop recommends it); gift wrap is never recommended.
    expect(orders[1].lines).toEqual([
      { productId: 'P2', description: 'Blue bowl', quantity: 3, unitPrice: 3, recommendable: true },
      { productId: 'WRAP', description: 'Gift wrap', quantity: 1, unitPrice: 1, recommendable: false },
      { productId: 'NOT-IN-CATALOGUE', description: 'NOT-IN-CATALOGUE', quantity: 1, unitPrice: 2 },
    ]);
    expect(orders[2].total).toBe(24);
    expect(orders[3].lines.map((l) => [l.productId, l.quantity, l.unitPrice])).toEqual([
      ['P1', 2, 4.5],
      ['WRAP', 1, 1],
    ]);
    expect(orders.every((o) => o.country === null)).toBe(true);
  });

  it('honours limit and since', async () => {
    const all = await data<{ orders: Order[] }>('get_purchase_history', { userId: 'C-1', limit: 100 });
    expect((await data<{ orders: Order[] }>('get_purchase_history', { userId: 'C-1', limit: 2 })).orders).toEqual(all.orders.slice(0, 2));
    const since = await data<{ orders: Order[] }>('get_purchase_history', { userId: 'C-1', since: '2024-03-05' });
    expect(since.orders.map((o) => o.invoiceNo)).toEqual(['return:session:S2', 'session:S2', 'day:C-1:2024-03-05']);
    expect((await data<{ orders: Order[] }>('get_purchase_history', { userId: 'V-1' })).orders).toEqual([]);
  });

  it('profiles the customer from the events, agreeing with the RFM aggregates', async () => {
    const profile = await data<CustomerProfile>('get_user_profile', { userId: 'C-1' });
    const aggregate = (await db.orders.customerAggregates()).find((a) => a.customerId === 'C-1');
    expect(profile).toMatchObject({ orders: 3, grossSpend: 46, totalSpend: 41.5, returns: { orders: 1, lines: 1, units: 1, value: 4.5 } });
    expect(profile.orders).toBe(aggregate?.orders);
    expect(profile.grossSpend).toBeCloseTo(aggregate?.purchaseValue ?? 0, 2);
    expect(profile.returns.value).toBeCloseTo(aggregate?.returnValue ?? 0, 2);
    expect(profile.firstPurchase).toBe('2024-03-01T10:05:00.000Z');
    expect(profile.lastPurchase).toBe('2024-04-01T12:01:00.000Z');
    expect(profile.countries).toEqual([]);
    // Gift wrap is in all three orders but hidden; the unknown product is not the catalogue's.
    expect(profile.favouriteProducts.map((p) => [p.productId, p.orders, p.units])).toEqual([
      ['P1', 2, 3],
      ['P2', 1, 3],
      ['P4', 1, 1],
    ]);
  });

  it('segments the buyers (RFM and clusters); a customer who only browsed has no segment and starts no run', async () => {
    const report = await segmentation.recompute();
    expect(report).toMatchObject({ customers: 11, buyers: 11 });
    expect(report.clusters).toHaveLength(3);
    const segment = await data<CustomerSegment>('get_user_segment', { userId: 'C-1' });
    const profile = await data<CustomerProfile>('get_user_profile', { userId: 'C-1' });
    expect(segment.rfm.frequency).toBe(profile.orders);
    expect(segment.rfm.monetary).toBeCloseTo(profile.totalSpend, 2);
    expect(segment.cluster?.label).toMatch(/\w/);
    expect(segment.referenceDate).toBe((await db.orders.latestPurchaseAt())?.toISOString());

    const runs = executor.stats().completed;
    for (let i = 0; i < 2; i++) {
      const browser = await registry.invoke('get_user_segment', { userId: 'V-1' }, staff);
      expect(!browser.ok && browser.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no purchases/) });
    }
    expect(executor.stats().completed).toBe(runs);

    const summary = await data<SegmentSummary>('get_segment_summary', {});
    expect(summary.customers).toBe(11);
    expect(summary.segments.reduce((s, x) => s + x.customers, 0)).toBe(11);
    expect(summary.clusters.reduce((s, c) => s + c.customers, 0)).toBe(11);
  });
});
