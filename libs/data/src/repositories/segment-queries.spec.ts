import type { Database } from '../database/open-database';
import { describeEachBackend, useImportedSample } from '../testing/test-databases';
import type { Order } from '../types/order';

/** The aggregate of one customer recomputed in JS from their full history: the query's oracle. */
function expected(orders: Order[]) {
  const bought = orders.filter((o) => !o.cancelled && o.lines.some((l) => l.quantity > 0));
  const purchased = orders.flatMap((o) => (o.cancelled ? [] : o.lines.filter((l) => l.quantity > 0)));
  const returned = orders.flatMap((o) => o.lines.filter((l) => l.quantity < 0));
  const times = bought.map((o) => o.invoicedAt.getTime());
  return {
    orders: bought.length,
    firstPurchaseAt: times.length ? new Date(Math.min(...times)) : null,
    lastPurchaseAt: times.length ? new Date(Math.max(...times)) : null,
    lastOrderAt: new Date(Math.max(...orders.map((o) => o.invoicedAt.getTime()))),
    purchaseValue: Math.round(purchased.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100,
    returnValue: Math.round(returned.reduce((s, l) => s - l.quantity * l.unitPrice, 0) * 100) / 100,
    returnLines: returned.length,
    units: purchased.reduce((s, l) => s + l.quantity, 0),
    distinctProducts: new Set(purchased.map((l) => l.productId)).size,
  };
}

describeEachBackend('segment queries', (backend) => {
  const sample = useImportedSample(backend);
  let db: Database;
  beforeAll(() => {
    db = sample();
  });

  it('aggregates every customer in one query, matching their order history', async () => {
    const aggregates = await db.orders.customerAggregates();
    const customers = await db.customers.list({ limit: 100_000 });
    expect(aggregates.map((a) => a.customerId)).toEqual(customers.map((c) => c.id));
    // A customer with returns and the one with the most orders, plus a few others.
    const withReturns = aggregates.find((a) => a.returnLines > 0 && a.orders > 1);
    const busiest = [...aggregates].sort((a, b) => b.orders - a.orders)[0];
    const sample = [withReturns, busiest, ...aggregates.slice(0, 5)].filter((a) => a !== undefined);
    for (const aggregate of sample) {
      const history = await db.orders.historyForCustomer(aggregate.customerId, { limit: 100_000 });
      const oracle = expected(history);
      // Lines are summed in whole pence: a sub-penny price may move a total by a fraction.
      expect(aggregate).toEqual({
        customerId: aggregate.customerId,
        ...oracle,
        purchaseValue: expect.closeTo(oracle.purchaseValue, 0),
        returnValue: expect.closeTo(oracle.returnValue, 0),
      });
    }
  });

  it('restricts aggregates to a window and finds the latest purchase', async () => {
    const latest = await db.orders.latestPurchaseAt();
    const [newest] = await db.client.order.findMany({ orderBy: { invoicedAt: 'desc' }, take: 1 });
    expect(latest).toEqual(newest?.invoicedAt);
    const since = new Date('2011-10-01T00:00:00Z');
    const recent = await db.orders.customerAggregates({ since });
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan((await db.customers.count()));
    expect(recent.every((a) => a.lastOrderAt >= since)).toBe(true);
  });

  it('replaces stored segments as a whole and keeps the latest run', async () => {
    expect(await db.segments.latestRun()).toBeNull();
    const row = (customerId: string, segment: string) => ({
      customerId, segment, r: 5, f: 4, m: 3, recencyDays: 2, frequency: 7, monetary: 123.45, averageBasket: 17.64, clusterId: 1, clusterLabel: 'x',
    });
    const first = await db.segments.replaceAll(
      { computedAt: new Date('2026-01-01T00:00:00Z'), referenceDate: new Date('2011-12-09T12:50:00Z'), customers: 2, clusters: 1, seconds: 0.5, summary: { a: 1 } },
      [row('c1', 'champions'), row('c2', 'lost')],
    );
    const second = await db.segments.replaceAll(
      { computedAt: new Date('2026-01-02T00:00:00Z'), referenceDate: new Date('2011-12-09T12:50:00Z'), customers: 1, clusters: 1, seconds: 0.4, summary: { b: [2] } },
      [{ ...row('c2', 'loyal'), clusterId: null, clusterLabel: null }],
    );
    expect(second.id).toBeGreaterThan(first.id);
    expect(await db.segments.latestRun()).toEqual(second);
    expect(second.summary).toEqual({ b: [2] });
    expect(await db.segments.findByCustomer('c1')).toBeNull();
    expect(await db.segments.findByCustomer('c2')).toEqual({
      ...row('c2', 'loyal'), clusterId: null, clusterLabel: null, runId: second.id, computedAt: new Date('2026-01-02T00:00:00Z'),
    });
    expect(await db.segments.count()).toBe(1);
  });
});
