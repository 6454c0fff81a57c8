import type { CustomerProfile, Order } from '@reco/base-tools';
import { openUserToolsFixture, type UserToolsFixture } from '../__fixtures__/user-tools-fixture';

const staff = { caller: { kind: 'service' as const, keyId: 's' } };

// A UCI customer who later also buys through events: one history, one profile.
describe('purchase history of invoices and events together', () => {
  let fx: UserToolsFixture;
  beforeAll(async () => (fx = await openUserToolsFixture()));
  afterAll(() => fx?.close());

  const data = async <T>(tool: string, input: object): Promise<T> => {
    const result = await fx.registry.invoke<T>(tool, input, staff);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.data;
  };

  it('puts event orders among the invoices by time, and counts them in the profile', async () => {
    const [aggregate] = await fx.sample.db.orders.customerAggregates();
    const id = aggregate.customerId;
    const before = await data<{ orders: Order[] }>('get_purchase_history', { userId: id, limit: 100 });
    const profileBefore = await data<CustomerProfile>('get_user_profile', { userId: id });
    const [product] = await fx.sample.db.products.findByIds(['85123A']);
    await fx.sample.db.events.recordMany([
      { eventId: 'late-1', customerId: id, sessionId: 'web-1', productId: '85123A', type: 'purchase', quantity: 2, price: 3, occurredAt: new Date('2012-01-10T10:00:00Z') },
    ]);
    await fx.profiles.invalidateCustomer(id);

    const after = await data<{ orders: Order[] }>('get_purchase_history', { userId: id, limit: 100 });
    expect(after.orders[0]).toEqual({
      invoiceNo: 'session:web-1',
      time: '2012-01-10T10:00:00.000Z',
      country: expect.anything(),
      cancelled: false,
      lines: [{ productId: '85123A', description: product?.title, quantity: 2, unitPrice: 3, recommendable: true }],
      total: 6,
    });
    expect(after.orders.slice(1)).toEqual(before.orders.slice(0, 99));
    const profile = await data<CustomerProfile>('get_user_profile', { userId: id });
    expect(profile.orders).toBe(profileBefore.orders + 1);
    expect(profile.grossSpend).toBeCloseTo(profileBefore.grossSpend + 6, 2);
    expect(profile.lastPurchase).toBe('2012-01-10T10:00:00.000Z');
  });

  it('marks the lines the shop never recommends (postage, fees), so answers can leave them out', async () => {
    const hidden = await fx.sample.db.client.product.findFirst({ where: { recommendable: false, lines: { some: { order: { customerId: { not: null } } } } }, select: { id: true } });
    if (!hidden) throw new Error('the sample has no sold product that is never recommended');
    const line = await fx.sample.db.client.orderLine.findFirst({ where: { productId: hidden.id, order: { customerId: { not: null } } }, select: { order: { select: { customerId: true } } } });
    const customerId = line?.order.customerId as string;
    const history = await data<{ orders: Order[] }>('get_purchase_history', { userId: customerId, limit: 100 });
    const lines = history.orders.flatMap((o) => o.lines);
    expect(lines.filter((l) => l.productId === hidden.id).map((l) => l.recommendable)).toContain(false);
    expect(lines.filter((l) => l.productId !== hidden.id).every((l) => typeof l.recommendable === 'boolean')).toBe(true);
  });
});
