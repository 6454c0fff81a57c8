import { DatabaseUnavailableError, openDatabase, type Database, type FeedbackEvent } from '@reco/data';
import { describeEachBackend, type TestDatabase } from '@reco/data/testing';
import { BatchTooLargeError, EventIdConflictError, SHOP_FEED_MAX_BATCH } from './batch-results';
import { ShopFeed } from './shop-feed';

jest.setTimeout(60_000);

describeEachBackend('ShopFeed', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let changed: string[][];
  let recorded: FeedbackEvent[][];
  let warnings: object[];
  let feed: ShopFeed;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url, defaultCurrency: 'EUR' });
    await db.migrate();
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  beforeEach(() => {
    changed = [];
    recorded = [];
    warnings = [];
    feed = new ShopFeed({
      database: { get: async () => db },
      catalogListeners: () => [{ name: 'spy', productsChanged: async (ids) => void changed.push([...ids]) }],
      feedbackListeners: () => [{ name: 'spy', eventsRecorded: async (events) => void recorded.push([...events]) }],
      logger: { warn: (obj) => void warnings.push(obj) },
    });
  });

  it('answers each product record, writes the valid ones and tells the listeners which changed', async () => {
    const first = await feed.upsertProducts([
      { id: 'SKU-1', title: 'Red Mug', price: 12.5, categories: ['Home > Kitchen'], tags: ['color:red'] },
      { id: 'SKU-2', title: 'Blue Mug', price: -1 },
      'not a product',
      { id: 'SKU-3', title: 'Teapot', price: 30 },
    ]);
    expect(first).toMatchObject({ accepted: 2, refused: 2, inserted: 2, updated: 0, unchanged: 0 });
    expect(first.results).toEqual([
      { index: 0, id: 'SKU-1', status: 'accepted', outcome: 'inserted' },
      { index: 1, id: 'SKU-2', status: 'refused', errors: [{ field: 'price', reason: 'negative' }] },
      { index: 2, status: 'refused', errors: [{ field: 'record', reason: 'must be a JSON object' }] },
      { index: 3, id: 'SKU-3', status: 'accepted', outcome: 'inserted' },
    ]);
    expect(changed).toEqual([['SKU-1', 'SKU-3']]);
    expect(await db.products.findById('SKU-1')).toMatchObject({ currency: 'EUR', categories: ['Home > Kitchen'], tags: ['color:red'] });
    expect(await db.products.findById('SKU-2')).toBeNull();

    changed = [];
    const second = await feed.upsertProducts([
      { id: 'SKU-1', title: 'Red Mug', price: 12.5 },
      { id: 'SKU-3', title: 'Teapot', price: 32 },
    ]);
    expect(second.results.map((r) => r.status === 'accepted' && r.outcome)).toEqual(['unchanged', 'updated']);
    expect(changed).toEqual([['SKU-3']]);
  });

  it('hides a product and shows it again when a record says it is recommendable', async () => {
    await feed.upsertProducts([{ id: 'SKU-H', title: 'Lamp', price: 40, available: true }]);
    changed = [];
    expect(await feed.hideProduct('SKU-H')).toBe(true);
    expect(await feed.hideProduct('SKU-NONE')).toBe(false);
    expect(changed).toEqual([['SKU-H']]);
    expect(await db.products.findById('SKU-H')).toMatchObject({ recommendable: false, available: false });

    // Sent again as before: it stays hidden; with recommendable: true it is back, available again.
    await feed.upsertProducts([{ id: 'SKU-H', title: 'Lamp', price: 40 }]);
    expect(await db.products.findById('SKU-H')).toMatchObject({ recommendable: false, available: false });
    const shown = await feed.upsertProducts([{ id: 'SKU-H', title: 'Lamp', price: 40, recommendable: true }]);
    expect(shown.results[0]).toMatchObject({ outcome: 'updated' });
    expect(await db.products.findById('SKU-H')).toMatchObject({ recommendable: true, available: true });
    // A record that names availability keeps it as said.
    await feed.hideProduct('SKU-H');
    await feed.upsertProducts([{ id: 'SKU-H', title: 'Lamp', price: 40, recommendable: true, available: false }]);
    expect(await db.products.findById('SKU-H')).toMatchObject({ recommendable: true, available: false });
  });

  it('answers each customer record: inserted, updated, unchanged or refused', async () => {
    const first = await feed.upsertCustomers([{ id: 'C-1', country: 'France' }, { id: 'C-2', attributes: { tier: { gold: true } } }]);
    expect(first.results).toEqual([
      { index: 0, id: 'C-1', status: 'accepted', outcome: 'inserted' },
      { index: 1, id: 'C-2', status: 'refused', errors: [{ field: 'attributes.tier', reason: 'must be text' }] },
    ]);
    const second = await feed.upsertCustomers([{ id: 'C-1', country: 'France' }, { id: 'C-1', attributes: { tier: 'gold' } }]);
    // One id twice: the records add up to one write, and both answer what it did.
    expect(second.results.map((r) => r.status === 'accepted' && r.outcome)).toEqual(['updated', 'updated']);
    expect(await db.customers.findById('C-1')).toMatchObject({ country: 'France', attributes: { tier: 'gold' } });
    expect((await feed.upsertCustomers([{ id: 'C-1', country: 'France' }])).results[0]).toMatchObject({ outcome: 'unchanged' });
    expect(changed).toEqual([]);
  });

  it('stores an event once: a retry is a duplicate with the first time it was recorded', async () => {
    const view = { eventId: 'e-1', sessionId: 's-1', productId: 'SKU-1', type: 'view' };
    const first = await feed.recordEvents([view, { eventId: 'e-bad', productId: 'SKU-1', type: 'like', sessionId: 's-1' }]);
    expect(first).toMatchObject({ accepted: 1, recorded: 1, duplicates: 0, refused: 1 });
    expect(first.results[1]).toEqual({ index: 1, eventId: 'e-bad', status: 'refused', errors: [{ field: 'type', reason: 'must be one of view, cart, purchase, return, click' }] });
    expect(recorded).toEqual([[expect.objectContaining({ eventId: 'e-1', sessionId: 's-1', customerId: null, occurredAt: expect.any(Date) })]]);

    recorded = [];
    // Sent again without a time: the same event, whenever it comes.
    const again = await feed.recordEvents([view]);
    expect(again).toMatchObject({ accepted: 1, recorded: 0, duplicates: 1 });
    expect(again.results[0]).toMatchObject({ status: 'recorded', duplicate: true, recordedAt: (first.results[0] as { recordedAt: Date }).recordedAt });
    // Told again: a retry follows a lost answer, perhaps with the first write's cache invalidation.
    expect(recorded).toEqual([[expect.objectContaining({ eventId: 'e-1', sessionId: 's-1' })]]);
    expect(await db.events.listForSession('s-1')).toHaveLength(1);
  });

  it('refuses the whole batch, storing none of it, when an event id is reused or repeated', async () => {
    await feed.recordEvents([{ eventId: 'x-1', customerId: 'C-9', productId: 'SKU-1', type: 'view' }]);
    const reuse = feed.recordEvents([
      { eventId: 'x-2', customerId: 'C-9', productId: 'SKU-2', type: 'view' },
      { eventId: 'x-1', customerId: 'C-9', productId: 'SKU-1', type: 'purchase' },
    ]);
    await expect(reuse).rejects.toThrow(EventIdConflictError);
    await expect(reuse).rejects.toMatchObject({ kind: 'reused', eventIds: ['x-1'] });
    const twice = { eventId: 'x-3', customerId: 'C-9', productId: 'SKU-1', type: 'view' };
    await expect(feed.recordEvents([twice, twice])).rejects.toMatchObject({ kind: 'repeated', eventIds: ['x-3'] });
    expect((await db.events.listForCustomer('C-9')).map((e) => e.eventId)).toEqual(['x-1']);
  });

  // Several instances share PostgreSQL; SQLite is the embedded database of one instance.
  if (backend.name === 'postgresql') {
    it('stores one event id once when two instances send it at the same time', async () => {
      const other = await openDatabase({ url: testDb.url });
      try {
        const second = new ShopFeed({ database: { get: async () => other } });
        const event = { eventId: 'race-1', customerId: 'C-R', productId: 'SKU-1', type: 'cart', occurredAt: '2024-05-01T12:00:00Z' };
        const answers = await Promise.all([feed.recordEvents([event]), second.recordEvents([event]), feed.recordEvents([event]), second.recordEvents([event])]);
        expect(answers.reduce((n, a) => n + a.recorded, 0)).toBe(1);
        expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBe(3);
        expect(await db.events.listForCustomer('C-R')).toHaveLength(1);
      } finally {
        await other.close();
      }
    });
  }

  it('refuses only the event whose id a different event took between the check and the write', async () => {
    await feed.recordEvents([{ eventId: 'late-1', customerId: 'C-L', productId: 'SKU-1', type: 'view' }]);
    // The check reads nothing, as if the other instance stored its event just after it.
    let reads = 0;
    const missesFirstRead = Object.create(db.events) as Database['events'];
    missesFirstRead.findByEventIds = async (ids) => (reads++ === 0 ? new Map() : db.events.findByEventIds(ids));
    const racing = new ShopFeed({ database: { get: async () => ({ ...db, events: missesFirstRead }) } });
    const answer = await racing.recordEvents([
      { eventId: 'late-2', customerId: 'C-L', productId: 'SKU-2', type: 'view' },
      { eventId: 'late-1', customerId: 'C-L', productId: 'SKU-1', type: 'purchase' },
    ]);
    expect(answer).toMatchObject({ accepted: 1, recorded: 1, refused: 1 });
    expect(answer.results[1]).toEqual({ index: 1, eventId: 'late-1', status: 'refused', errors: [{ field: 'eventId', reason: 'already used for a different event' }] });
    expect((await db.events.listForCustomer('C-L')).map((e) => [e.eventId, e.type])).toEqual(
      expect.arrayContaining([
        ['late-1', 'view'],
        ['late-2', 'view'],
      ]),
    );
  });

  it('answers a committed write as recorded whatever fails after it: no read after the commit, listeners only logged', async () => {
    // The database stops answering reads once the write is done, as when it goes away right after the commit.
    let written = false;
    const events = Object.create(db.events) as Database['events'];
    events.recordMany = async (sent) => db.events.recordMany(sent).finally(() => (written = true));
    events.findByEventIds = async (ids) => (written ? Promise.reject(new DatabaseUnavailableError(new Error('connection refused'))) : db.events.findByEventIds(ids));
    const told: string[] = [];
    const feedAfterCommit = new ShopFeed({
      database: { get: async () => ({ ...db, events }) },
      feedbackListeners: () => [
        // One fails at once, one later: both are logged, the other listeners still told.
        { name: 'throws', eventsRecorded: () => { throw new Error('cache down'); } },
        { name: 'rejects', eventsRecorded: async () => Promise.reject(new Error('cache down')) },
        { name: 'spy', eventsRecorded: async (stored) => void told.push(...stored.map((e) => e.eventId)) },
      ],
      logger: { warn: (obj) => void warnings.push(obj) },
    });
    const answer = await feedAfterCommit.recordEvents([{ eventId: 'ac-1', customerId: 'C-AC', productId: 'SKU-1', type: 'purchase' }]);
    expect(answer).toMatchObject({ accepted: 1, recorded: 1, results: [{ eventId: 'ac-1', status: 'recorded', duplicate: false }] });
    const row = (await db.events.findByEventIds(['ac-1'])).get('ac-1');
    expect((answer.results[0] as { recordedAt: Date }).recordedAt).toEqual(row?.receivedAt);
    expect(told).toEqual(['ac-1']);
    expect(warnings).toEqual([expect.objectContaining({ listener: 'throws' }), expect.objectContaining({ listener: 'rejects' })]);
  });

  it('answers products and customers written though reading them back after the commit fails, telling the listeners', async () => {
    await feed.upsertProducts([{ id: 'SKU-AC', title: 'Lamp', price: 10 }]);
    changed = [];
    let written = false;
    const products = Object.create(db.products) as Database['products'];
    products.upsertMany = async (rows) => db.products.upsertMany(rows).finally(() => (written = true));
    products.findByIds = async (ids) => (written ? Promise.reject(new DatabaseUnavailableError(new Error('connection refused'))) : db.products.findByIds(ids));
    const customers = Object.create(db.customers) as Database['customers'];
    customers.upsertMany = async (rows) => db.customers.upsertMany(rows).finally(() => (written = true));
    customers.findByIds = async (ids) => (written ? Promise.reject(new DatabaseUnavailableError(new Error('connection refused'))) : db.customers.findByIds(ids));
    const failingReads = new ShopFeed({
      database: { get: async () => ({ ...db, products, customers }) },
      catalogListeners: () => [{ name: 'spy', productsChanged: async (ids) => void changed.push([...ids]) }],
      logger: { warn: (obj) => void warnings.push(obj) },
    });
    const answer = await failingReads.upsertProducts([{ id: 'SKU-AC', title: 'Lamp', price: 12 }, { id: 'SKU-AC2', title: 'Shade', price: 5 }]);
    expect(answer.results).toEqual([
      { index: 0, id: 'SKU-AC', status: 'accepted', outcome: 'updated' },
      { index: 1, id: 'SKU-AC2', status: 'accepted', outcome: 'inserted' },
    ]);
    expect(await db.products.findById('SKU-AC')).toMatchObject({ price: 12 });
    expect(changed).toEqual([['SKU-AC', 'SKU-AC2']]);
    written = false;
    expect((await failingReads.upsertCustomers([{ id: 'C-NEW', country: 'Spain' }])).results).toEqual([{ index: 0, id: 'C-NEW', status: 'accepted', outcome: 'inserted' }]);
    expect(await db.customers.findById('C-NEW')).toMatchObject({ country: 'Spain' });
    expect(warnings).toEqual([expect.objectContaining({ what: 'products' }), expect.objectContaining({ what: 'customers' })]);
  });

  it('refuses more records than one batch takes, writing nothing', async () => {
    const many = Array.from({ length: SHOP_FEED_MAX_BATCH + 1 }, (_, i) => ({ id: `BIG-${i}`, title: 'x', price: 1 }));
    await expect(feed.upsertProducts(many)).rejects.toThrow(BatchTooLargeError);
    expect(await db.products.findById('BIG-0')).toBeNull();
  });

  it('keeps the write when a listener fails, and logs it', async () => {
    const failing = new ShopFeed({
      database: { get: async () => db },
      catalogListeners: () => [{ name: 'broken', productsChanged: async () => Promise.reject(new Error('index down')) }],
      logger: { warn: (obj) => void warnings.push(obj) },
    });
    expect((await failing.upsertProducts([{ id: 'SKU-L', title: 'Lamp', price: 1 }])).accepted).toBe(1);
    expect(await db.products.findById('SKU-L')).not.toBeNull();
    expect(warnings).toEqual([expect.objectContaining({ listener: 'broken' })]);
  });

  it('tells the listeners about every product a file import changed', async () => {
    const since = new Date();
    await db.products.upsertMany([{ id: 'FILE-1', title: 'From a file', price: 1 }, { id: 'FILE-2', title: 'From a file', price: 2 }]);
    expect(await feed.announceProductChanges(since)).toBe(2);
    expect(changed).toEqual([['FILE-1', 'FILE-2']]);
  });
});
