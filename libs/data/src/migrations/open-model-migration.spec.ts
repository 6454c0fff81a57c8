import { silentLogger } from '../database/data-client';
import { openDatabase, type Database } from '../database/open-database';
import { describeEachBackend, type TestDatabase } from '../testing/test-databases';
import { loadMigrationFiles } from './migration-files';
import { migrate } from './migrator';

const at = (text: string) => new Date(`${text}Z`);

/** Rows as the Online Retail importer wrote them before 0003, in the old columns. */
async function insertOldRows(db: Database): Promise<void> {
  const insert = async (table: string, columns: string[], rows: unknown[][]) => {
    await db.client.$executeRawUnsafe(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${db.dialect.tuples(rows.length, columns.length)}`,
      ...rows.flat(),
    );
  };
  await insert('customers', ['id', 'country', 'first_seen_at', 'last_seen_at'], [
    ['17850', 'United Kingdom', at('2010-12-01T08:26:00'), at('2010-12-03T11:00:00')],
    ['12583', 'France', at('2010-12-02T10:00:00'), at('2010-12-02T10:00:00')],
  ]);
  await insert('products', ['stock_code', 'description', 'latest_unit_price', 'typical_unit_price', 'is_merchandise', 'active'], [
    ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.95, 2.55, true, true],
    ['POST', 'POSTAGE', 18, 18, false, false],
    ['22633', 'HAND WARMER UNION JACK', 2.1, 2.1, true, true],
  ]);
  await insert('orders', ['invoice_no', 'customer_id', 'country', 'invoiced_at', 'cancelled'], [
    ['536365', '17850', 'United Kingdom', at('2010-12-01T08:26:00'), false],
    ['536366', null, 'United Kingdom', at('2010-12-01T09:00:00'), false],
    ['536367', '12583', 'France', at('2010-12-02T10:00:00'), false],
    ['C536368', '17850', 'United Kingdom', at('2010-12-03T11:00:00'), true],
  ]);
  await insert('order_lines', ['invoice_no', 'line_no', 'product_code', 'description', 'quantity', 'unit_price'], [
    ['536365', 1, '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, 2.55],
    ['536365', 2, 'POST', 'POSTAGE', 1, 18],
    ['536366', 1, '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 4, 2.55],
    ['536367', 1, '22633', 'HAND WARMER UNION JACK', 12, 2.1],
    ['C536368', 1, '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', -2, 2.95],
  ]);
  await insert('events', ['customer_id', 'product_code', 'type', 'occurred_at'], [
    ['17850', '85123A', 'view', at('2011-01-01T10:00:00')],
    ['17850', '22633', 'cart', at('2011-01-01T10:05:00')],
  ]);
}

describeEachBackend('migration 0003_open_model', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let migratedAt: { from: number; to: number };

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    const [init, segments] = loadMigrationFiles(backend.name);
    await migrate(db.client, backend.name, silentLogger, [init, segments].filter((m) => m !== undefined));
    await insertOldRows(db);
    const from = Date.now();
    // 0003 and every migration after it.
    const { applied } = await db.migrate();
    expect(applied[0]).toBe('0003_open_model');
    expect(applied).toEqual(loadMigrationFiles(backend.name).slice(2).map((m) => m.id));
    migratedAt = { from: from - 1_000, to: Date.now() + 1_000 };
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('keeps every row', async () => {
    expect(await db.client.customer.count()).toBe(2);
    expect(await db.client.product.count()).toBe(3);
    expect(await db.orders.count()).toEqual({ orders: 4, lines: 5, returns: 1, guestOrders: 1 });
    expect(await db.client.event.count()).toBe(2);
    // Rebuilding a parent table never cascaded into its children.
    const [order] = await db.orders.findByInvoiceNos(['536365']);
    expect(order).toMatchObject({ customerId: '17850', lines: [{ productId: '85123A', quantity: 6 }, { productId: 'POST', quantity: 1 }] });
  });

  it('converts products: id, title, price, recommendable, available, created at their first order', async () => {
    const [heart, post] = await db.products.findByIds(['85123A', 'POST']);
    expect(heart).toMatchObject({
      id: '85123A',
      title: 'WHITE HANGING HEART T-LIGHT HOLDER',
      description: null,
      price: 2.95,
      typicalPrice: 2.55,
      currency: 'GBP',
      categories: [],
      tags: [],
      available: true,
      recommendable: true,
      createdAt: at('2010-12-01T08:26:00'),
      imageUrl: null,
      url: null,
    });
    expect(post).toMatchObject({ title: 'POSTAGE', recommendable: false, available: false, createdAt: at('2010-12-01T08:26:00') });
    const updatedAt = heart?.updatedAt.getTime() ?? 0;
    expect(updatedAt).toBeGreaterThanOrEqual(migratedAt.from);
    expect(updatedAt).toBeLessThanOrEqual(migratedAt.to);
  });

  it('converts customers and events', async () => {
    expect(await db.customers.findById('17850')).toEqual({
      id: '17850',
      country: 'United Kingdom',
      attributes: {},
      createdAt: at('2010-12-01T08:26:00'),
      firstSeenAt: at('2010-12-01T08:26:00'),
      lastSeenAt: at('2010-12-03T11:00:00'),
    });
    const events = await db.events.listForCustomer('17850');
    expect(events).toEqual([
      expect.objectContaining({ eventId: 'legacy-2', productId: '22633', type: 'cart', sessionId: null, quantity: null, receivedAt: at('2011-01-01T10:05:00') }),
      expect.objectContaining({ eventId: 'legacy-1', productId: '85123A', type: 'view', occurredAt: at('2011-01-01T10:00:00') }),
    ]);
  });

  it('works as the open model afterwards: keys, foreign keys and event ids enforced', async () => {
    const results = await db.events.recordMany([
      { eventId: 'legacy-1', customerId: '17850', productId: '85123A', type: 'view', occurredAt: at('2011-01-01T10:00:00') },
      { eventId: 'new-1', customerId: '17850', productId: '85123A', type: 'purchase', occurredAt: at('2011-01-02T10:00:00') },
    ]);
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'stored']);
    const [newest] = await db.events.listForCustomer('17850', { limit: 1 });
    expect(newest?.id).toBeGreaterThan(2);
    await expect(
      db.client.orderLine.create({ data: { invoiceNo: '536367', lineNo: 9, productId: 'NO-SUCH-PRODUCT', description: 'x', quantity: 1, unitPrice: 1 } }),
    ).rejects.toThrow();
  });
});
