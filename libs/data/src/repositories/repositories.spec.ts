import type { Database } from '../database/open-database';
import { describeEachBackend, useImportedSample, useMigratedDatabase } from '../testing/test-databases';

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

// One contract suite for every backend: the same calls must give the same answers.
describeEachBackend('repositories', (backend) => {
  const sample = useImportedSample(backend);
  let db: Database;
  beforeAll(() => {
    db = sample();
  });

  it('finds products by ids in one call, in the callers order', async () => {
    const all = await db.products.findAll({ recommendableOnly: true, availableOnly: true });
    expect(all.length).toBeGreaterThan(1000);
    const ids = [must(all[5]).id, 'NOPE', must(all[1]).id, must(all[5]).id];
    expect((await db.products.findByIds(ids)).map((p) => p.id)).toEqual([must(all[5]).id, must(all[1]).id]);
    expect(await db.products.count({ recommendableOnly: true })).toBeGreaterThanOrEqual(all.length);
    expect((await db.products.findAll()).some((p) => !p.recommendable)).toBe(true);
  });

  it('gives customer history newest first, with lines, within a window', async () => {
    const [customer] = await db.customers.list({ limit: 1 });
    expect(customer).toBeDefined();
    const history = await db.orders.historyForCustomer(must(customer).id, { limit: 5 });
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((o) => o.customerId === must(customer).id && o.lines.length > 0)).toBe(true);
    const times = history.map((o) => o.invoicedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const since = new Date(must(times[0]));
    expect((await db.orders.historyForCustomer(must(customer).id, { since })).every((o) => o.invoicedAt >= since)).toBe(true);
    expect((await db.customers.findByIds([must(customer).id, 'nobody'])).map((c) => c.id)).toEqual([must(customer).id]);
  });

  it('lists customers by id prefix, pageable after an id', async () => {
    const all = await db.customers.list({ limit: 100_000 });
    const prefix = must(all[Math.floor(all.length / 2)]).id.slice(0, 3);
    const expected = all.map((c) => c.id).filter((id) => id.startsWith(prefix));
    expect(expected.length).toBeGreaterThan(3);
    expect((await db.customers.list({ idPrefix: prefix, limit: 100_000 })).map((c) => c.id)).toEqual(expected);
    expect((await db.customers.list({ idPrefix: prefix, limit: 2 })).map((c) => c.id)).toEqual(expected.slice(0, 2));
    expect((await db.customers.list({ idPrefix: prefix, afterId: expected[1], limit: 2 })).map((c) => c.id)).toEqual(expected.slice(2, 4));
  });

  describe('an id prefix is matched exactly, whatever the ids hold', () => {
    const ids = ['AB0001', 'AB0002', 'ab0001', 'ab0002', 'custX3', 'cust_1', 'cust_2', 'a%b1', 'a%b2', 'axb1', 'a\\b1', 'a\\b2', 'é1', 'é2'];
    const shop = useMigratedDatabase(backend, (fresh) => fresh.customers.upsertMany(ids.map((id) => ({ id }))));
    const listed = async (idPrefix: string, limit = 100, afterId?: string) =>
      (await shop().customers.list({ idPrefix, limit, ...(afterId ? { afterId } : {}) })).map((c) => c.id);

    it('keeps letter case, takes wildcards and backslashes literally, and fills a page with matches only', async () => {
      expect(await listed('ab', 1)).toEqual(['ab0001']);
      expect(await listed('AB')).toEqual(['AB0001', 'AB0002']);
      expect(await listed('cust_', 1)).toEqual(['cust_1']);
      expect(await listed('cust_')).toEqual(['cust_1', 'cust_2']);
      expect(await listed('a%', 1)).toEqual(['a%b1']);
      expect(await listed('a\\', 1)).toEqual(['a\\b1']);
      expect(await listed('a\\b', 5, 'a\\b1')).toEqual(['a\\b2']);
      expect(await listed('é')).toEqual(['é1', 'é2']);
      expect(await listed('zz')).toEqual([]);
    });
  });

  it('counts popularity over a window and by country, and co-purchases', async () => {
    const top = await db.orders.popularProducts({ limit: 5 });
    expect(top).toHaveLength(5);
    expect(must(top[0]).orders).toBeGreaterThanOrEqual(must(top[4]).orders);
    const window = await db.orders.popularProducts({ since: new Date('2011-09-01Z'), until: new Date('2011-10-01Z'), limit: 5 });
    expect(must(window[0]).orders).toBeLessThanOrEqual(must(top[0]).orders);
    const france = await db.orders.popularProducts({ country: 'France', limit: 3 });
    expect(france.length).toBeGreaterThan(0);
    const pairs = await db.orders.coPurchases(must(top[0]).productId, { limit: 10 });
    expect(pairs.length).toBe(10);
    expect(pairs.every((p) => p.productId !== must(top[0]).productId && p.orders > 0)).toBe(true);
    const products = await db.products.findByIds(pairs.map((p) => p.productId));
    expect(products.every((p) => p.recommendable)).toBe(true);
  });

  it('streams every customer purchase page by page', async () => {
    let n = 0;
    const invoices = new Set<string>();
    for await (const p of db.orders.streamPurchases({ pageSize: 2_000 })) {
      n++;
      invoices.add(p.basketKey);
      expect(p.quantity).toBeGreaterThan(0);
    }
    expect(n).toBeGreaterThan(10_000);
    expect(invoices.size).toBeGreaterThan(500);
  });

  it('stores and lists feedback events', async () => {
    await db.events.recordMany([
      { eventId: 'e-view', customerId: 'c1', productId: '85123A', type: 'view', occurredAt: new Date('2020-01-01T10:00:00Z') },
      { eventId: 'e-cart', customerId: 'c1', productId: '85123A', type: 'cart', occurredAt: new Date('2020-01-01T10:01:00Z') },
    ]);
    expect((await db.events.listForCustomer('c1')).map((e) => e.type)).toEqual(['cart', 'view']);
    expect(await db.events.listForCustomer('c1', { types: ['view'] })).toHaveLength(1);
    await expect(db.events.recordMany([{ eventId: 'e-like', customerId: 'c1', productId: 'x', type: 'like' as never }])).rejects.toThrow(/unknown event type/);
  });

  it('keeps chat sessions and their messages in order', async () => {
    await db.chats.ensureSession('s1', 'c1');
    await db.chats.appendMessages('s1', [
      { role: 'user', content: 'red lantern?' },
      { role: 'assistant', content: 'Here are three.', data: { products: ['71053'] } },
    ]);
    const messages = await db.chats.recentMessages('s1');
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[1]?.data).toEqual({ products: ['71053'] });
    expect(await db.chats.recentMessages('s1', 1)).toHaveLength(1);
    await db.chats.deleteSession('s1');
    expect(await db.chats.getSession('s1')).toBeNull();
  });

  it('keeps one active model version per name', async () => {
    await db.modelVersions.create({ name: 'als', version: '1', metrics: { recall20: 0.1 }, objectKey: 'models/als/1' });
    await db.modelVersions.create({ name: 'als', version: '2', metrics: { recall20: 0.2 }, objectKey: 'models/als/2' });
    await db.modelVersions.activate('als', '1');
    await db.modelVersions.activate('als', '2');
    expect(await db.modelVersions.getActive('als')).toMatchObject({ version: '2', metrics: { recall20: 0.2 } });
    expect((await db.modelVersions.list('als')).filter((v) => v.active)).toHaveLength(1);
    await expect(db.modelVersions.activate('als', '9')).rejects.toThrow(/no version 9/);
  });
});
