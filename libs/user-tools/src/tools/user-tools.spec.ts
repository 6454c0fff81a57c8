import { SEGMENT_NAMES, type Caller, type CustomerProfile, type CustomerSegment, type Order, type SegmentSummary } from '@reco/base-tools';
import { openUserToolsFixture, type UserToolsFixture } from '../__fixtures__/user-tools-fixture';

const staff: Caller = { kind: 'service', keyId: 'test' };

describe('user tools on the shipped sample', () => {
  let fx: UserToolsFixture;
  /** The customer with the most orders, one with returns, and one with a single order. */
  let busiest: string;
  let returner: string;
  let oneOff: string;

  const call = <T>(tool: string, input: unknown, caller: Caller = staff) => fx.registry.invoke<T>(tool, input, { caller });
  const data = async <T>(tool: string, input: unknown, caller: Caller = staff): Promise<T> => {
    const result = await call<T>(tool, input, caller);
    if (!result.ok) throw new Error(`${tool} failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  beforeAll(async () => {
    fx = await openUserToolsFixture();
    const aggregates = await fx.sample.db.orders.customerAggregates();
    busiest = ([...aggregates].sort((a, b) => b.orders - a.orders || a.customerId.localeCompare(b.customerId))[0] as { customerId: string }).customerId;
    returner = (aggregates.find((a) => a.returnLines > 2 && a.orders > 2) as { customerId: string }).customerId;
    oneOff = (aggregates.find((a) => a.orders === 1 && a.returnLines === 0) as { customerId: string }).customerId;
  });
  afterAll(() => fx?.close());

  describe('get_user_profile', () => {
    it('summarises orders, spend, favourites, countries and returns', async () => {
      const profile = await data<CustomerProfile>('get_user_profile', { userId: returner });
      const history = await fx.sample.db.orders.historyForCustomer(returner, { limit: 10_000 });
      const purchases = history.filter((o) => !o.cancelled && o.lines.some((l) => l.quantity > 0));
      const gross = purchases.flatMap((o) => o.lines.filter((l) => l.quantity > 0)).reduce((s, l) => s + l.quantity * l.unitPrice, 0);
      const returned = history.flatMap((o) => o.lines.filter((l) => l.quantity < 0)).reduce((s, l) => s - l.quantity * l.unitPrice, 0);

      expect(profile.customer.customerId).toBe(returner);
      expect(profile.orders).toBe(purchases.length);
      expect(profile.grossSpend).toBeCloseTo(gross, 2);
      expect(profile.returns.value).toBeCloseTo(returned, 2);
      expect(profile.totalSpend).toBeCloseTo(gross - returned, 2);
      expect(profile.averageBasket).toBeCloseTo(gross / purchases.length, 2);
      expect(profile.returns.orders).toBe(history.filter((o) => o.cancelled).length);
      expect(profile.returns.lines).toBeGreaterThan(2);
      expect(profile.firstPurchase).toBe(purchases.at(-1)?.invoicedAt.toISOString());
      expect(profile.lastPurchase).toBe(purchases[0]?.invoicedAt.toISOString());
      expect(profile.countries.reduce((s, c) => s + c.orders, 0)).toBe(history.length);

      expect(profile.favouriteProducts.length).toBeGreaterThan(0);
      expect(profile.favouriteProducts.length).toBeLessThanOrEqual(5);
      const orders = profile.favouriteProducts.map((p) => p.orders);
      expect([...orders].sort((a, b) => b - a)).toEqual(orders);
      const top = profile.favouriteProducts[0];
      const withTop = purchases.filter((o) => o.lines.some((l) => l.productId === top?.productId && l.quantity > 0));
      expect(top?.orders).toBe(withTop.length);
      expect(top?.description).toMatch(/\w/);
    });

    it('profiles a one-order customer', async () => {
      const profile = await data<CustomerProfile>('get_user_profile', { userId: oneOff });
      expect(profile).toMatchObject({ orders: 1, returns: { orders: 0, lines: 0, units: 0, value: 0 } });
      expect(profile.firstPurchase).toBe(profile.lastPurchase);
      expect(profile.totalSpend).toBe(profile.averageBasket);
    });

    it('answers NOT_FOUND for an unknown customer and BAD_INPUT for a malformed id', async () => {
      const unknown = await call('get_user_profile', { userId: '99999' });
      expect(!unknown.ok && unknown.error).toMatchObject({ code: 'NOT_FOUND', details: { id: '99999' } });
      const bad = await call('get_user_profile', { userId: 'not\u0000an id' });
      expect(!bad.ok && bad.error.code).toBe('BAD_INPUT');
      const missing = await call('get_user_profile', {});
      expect(!missing.ok && missing.error.details?.issues?.[0]?.field).toBe('userId');
    });

    it('lets a customer read only their own profile, and no anonymous caller any', async () => {
      const own = await call<CustomerProfile>('get_user_profile', { userId: busiest }, { kind: 'customer', customerId: busiest });
      expect(own.ok).toBe(true);
      const other = await call('get_user_profile', { userId: returner }, { kind: 'customer', customerId: busiest });
      expect(!other.ok && other.error.code).toBe('FORBIDDEN');
      // Forbidden comes before not-found: a customer cannot probe which ids exist.
      const probe = await call('get_user_profile', { userId: '99999' }, { kind: 'customer', customerId: busiest });
      expect(!probe.ok && probe.error.code).toBe('FORBIDDEN');
      const anonymous = await call('get_user_profile', { userId: busiest }, { kind: 'anonymous' });
      expect(!anonymous.ok && anonymous.error.code).toBe('FORBIDDEN');
      const admin = await call('get_user_profile', { userId: busiest }, { kind: 'admin', keyId: 'a' });
      expect(admin.ok).toBe(true);
    });

    it('serves repeated reads from the cache until the customer is invalidated', async () => {
      const first = await data<CustomerProfile>('get_user_profile', { userId: oneOff });
      await fx.sample.db.client.$executeRawUnsafe(`UPDATE order_lines SET quantity = quantity * 2 WHERE invoice_no IN (SELECT invoice_no FROM orders WHERE customer_id = ?)`, oneOff);
      expect(await data<CustomerProfile>('get_user_profile', { userId: oneOff })).toEqual(first);
      await fx.profiles.invalidateCustomer(oneOff);
      const fresh = await data<CustomerProfile>('get_user_profile', { userId: oneOff });
      expect(fresh.grossSpend).toBeCloseTo(first.grossSpend * 2, 2);
      await fx.sample.db.client.$executeRawUnsafe(`UPDATE order_lines SET quantity = quantity / 2 WHERE invoice_no IN (SELECT invoice_no FROM orders WHERE customer_id = ?)`, oneOff);
      await fx.profiles.invalidateAll();
      expect((await data<CustomerProfile>('get_user_profile', { userId: oneOff })).grossSpend).toBeCloseTo(first.grossSpend, 2);
    });
  });

  describe('get_purchase_history', () => {
    it('lists orders newest first with lines and totals, cancellations flagged', async () => {
      const { customerId, orders } = await data<{ customerId: string; orders: Order[] }>('get_purchase_history', { userId: returner, limit: 100 });
      expect(customerId).toBe(returner);
      const times = orders.map((o) => Date.parse(o.time));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(orders.some((o) => o.cancelled && o.total < 0)).toBe(true);
      for (const order of orders) {
        expect(order.lines.length).toBeGreaterThan(0);
        expect(order.total).toBeCloseTo(order.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0), 2);
      }
    });

    it('defaults to 20 orders and honours limit and since', async () => {
      const all = await data<{ orders: Order[] }>('get_purchase_history', { userId: busiest, limit: 100 });
      const byDefault = await data<{ orders: Order[] }>('get_purchase_history', { userId: busiest });
      expect(byDefault.orders).toHaveLength(Math.min(20, all.orders.length));
      const three = await data<{ orders: Order[] }>('get_purchase_history', { userId: busiest, limit: 3 });
      expect(three.orders).toEqual(all.orders.slice(0, 3));
      const pivot = all.orders[5]?.time as string;
      const since = await data<{ orders: Order[] }>('get_purchase_history', { userId: busiest, limit: 100, since: pivot });
      expect(since.orders).toEqual(all.orders.filter((o) => o.time >= pivot));
      const day = pivot.slice(0, 10);
      const sinceDay = await data<{ orders: Order[] }>('get_purchase_history', { userId: busiest, limit: 100, since: day });
      expect(sinceDay.orders).toEqual(all.orders.filter((o) => o.time >= `${day}T00:00:00.000Z`));
      const future = await data<{ orders: Order[] }>('get_purchase_history', { userId: busiest, since: '2030-01-01' });
      expect(future.orders).toEqual([]);
    });

    it('rejects a limit out of range and a bad since date, naming the field', async () => {
      for (const [input, field] of [
        [{ userId: busiest, limit: 0 }, 'limit'],
        [{ userId: busiest, limit: 101 }, 'limit'],
        [{ userId: busiest, limit: 2.5 }, 'limit'],
        [{ userId: busiest, since: 'last tuesday' }, 'since'],
        [{ userId: busiest, since: '2011-13-45' }, 'since'],
        [{ userId: busiest, since: 20110101 }, 'since'],
        [{ userId: '', limit: 5 }, 'userId'],
      ] as const) {
        const result = await call('get_purchase_history', input);
        expect(!result.ok && result.error.code).toBe('BAD_INPUT');
        expect(!result.ok && result.error.details?.issues?.map((i) => i.field)).toEqual([field]);
      }
    });

    it('answers NOT_FOUND for an unknown customer and FORBIDDEN for another customer', async () => {
      const unknown = await call('get_purchase_history', { userId: 'NOBODY' });
      expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
      const other = await call('get_purchase_history', { userId: busiest }, { kind: 'customer', customerId: oneOff });
      expect(!other.ok && other.error.code).toBe('FORBIDDEN');
    });
  });

  describe('get_user_segment and get_segment_summary', () => {
    it('computes segments on first demand, once, then serves them stored', async () => {
      expect(await fx.sample.db.segments.latestRun()).toBeNull();
      const before = fx.executor.stats().completed;
      const [a, b] = await Promise.all([
        data<CustomerSegment>('get_user_segment', { userId: busiest }),
        data<CustomerSegment>('get_user_segment', { userId: oneOff }),
      ]);
      expect(fx.executor.stats().completed).toBe(before + 1); // single-flight: one k-means run
      expect(a.customerId).toBe(busiest);
      expect(b.customerId).toBe(oneOff);
      expect(await data<CustomerSegment>('get_user_segment', { userId: busiest })).toEqual(a);
      expect(fx.executor.stats().completed).toBe(before + 1);
    });

    it('gives RFM scores, a named segment from the grid and a cluster', async () => {
      const top = await data<CustomerSegment>('get_user_segment', { userId: busiest });
      expect(top.rfm.f).toBe(5);
      expect(top.rfm.m).toBeGreaterThanOrEqual(4);
      expect(['champions', 'loyal', 'cannot_lose']).toContain(top.segment);
      expect(top.cluster?.label).toMatch(/value/);
      expect(top.description).toMatch(/\w/);
      const profile = await data<CustomerProfile>('get_user_profile', { userId: busiest });
      expect(top.rfm.frequency).toBe(profile.orders);
      expect(top.rfm.monetary).toBeCloseTo(profile.totalSpend, 0);
      const reference = Date.parse(top.referenceDate ?? '');
      expect(top.rfm.recencyDays).toBe(Math.floor((reference - Date.parse(profile.lastPurchase ?? '')) / 86_400_000));

      const single = await data<CustomerSegment>('get_user_segment', { userId: oneOff });
      expect(single.rfm).toMatchObject({ frequency: 1, f: 1 });
      expect(['new_customers', 'promising', 'need_attention', 'hibernating', 'lost']).toContain(single.segment);
    });

    it('answers NOT_FOUND, FORBIDDEN and BAD_INPUT like the other tools', async () => {
      const unknown = await call('get_user_segment', { userId: '00000' });
      expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
      const other = await call('get_user_segment', { userId: busiest }, { kind: 'customer', customerId: oneOff });
      expect(!other.ok && other.error.code).toBe('FORBIDDEN');
      const own = await call('get_user_segment', { userId: oneOff }, { kind: 'customer', customerId: oneOff });
      expect(own.ok).toBe(true);
      const bad = await call('get_user_segment', { userId: 'x'.repeat(129) });
      expect(!bad.ok && bad.error.code).toBe('BAD_INPUT');
    });

    it('keeps the shop-wide summary to staff, whichever door a customer or visitor tries', async () => {
      for (const caller of [{ kind: 'customer', customerId: oneOff }, { kind: 'anonymous' }] as Caller[]) {
        const refused = await call('get_segment_summary', {}, caller);
        expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
      }
    });

    it('summarises every segment and cluster for the dashboard', async () => {
      const summary = await data<SegmentSummary>('get_segment_summary', {});
      const customers = await fx.sample.db.customers.count();
      expect(summary.customers).toBe(customers);
      expect(summary.segments.map((s) => s.segment)).toEqual([...SEGMENT_NAMES]);
      expect(summary.segments.reduce((s, x) => s + x.customers, 0)).toBe(customers);
      expect(summary.segments.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 2);
      expect(summary.segments.reduce((s, x) => s + x.revenueShare, 0)).toBeCloseTo(1, 2);
      const champions = summary.segments.find((s) => s.segment === 'champions');
      const lost = summary.segments.find((s) => s.segment === 'lost');
      expect(champions?.revenueShare).toBeGreaterThan(lost?.revenueShare ?? 1);
      expect(champions?.typicalBasket).toBeGreaterThan(0);
      expect(summary.clusters).toHaveLength(6);
      expect(summary.clusters.map((c) => c.id)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(summary.clusters.every((c) => c.customers > 0 && c.label.length > 0)).toBe(true);
      const stored = await fx.sample.db.client.customerSegment.groupBy({ by: ['segment'], _count: { _all: true } });
      for (const row of stored) expect(summary.segments.find((s) => s.segment === row.segment)?.customers).toBe(row._count._all);
      const unexpected = await call('get_segment_summary', { extra: 1 });
      expect(unexpected.ok).toBe(true); // unknown keys are ignored, as in every tool
    });

    it('serves the new run after recompute() invalidates the cached one', async () => {
      const before = await data<SegmentSummary>('get_segment_summary', {});
      await fx.segmentation.recompute();
      const after = await data<SegmentSummary>('get_segment_summary', {});
      expect(after.computedAt > before.computedAt).toBe(true);
      expect(after.segments.map((s) => s.customers)).toEqual(before.segments.map((s) => s.customers));
      const segment = await data<CustomerSegment>('get_user_segment', { userId: busiest });
      expect(segment.computedAt).toBe(after.computedAt);
    });
  });
});
