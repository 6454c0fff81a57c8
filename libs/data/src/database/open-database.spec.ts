import { openDatabase, type Database } from './open-database';
import { describeEachBackend, type TestDatabase } from '../testing/test-databases';

describeEachBackend('migrations', (backend) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('brings a fresh database to the current schema, and re-running is a no-op', async () => {
    const first = await db.migrate();
    expect(first.applied).toEqual(first.current);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(await db.migrate()).toEqual({ applied: [], current: first.current });
    // Every model is queryable: the schema matches what the client was generated from.
    expect(await db.client.customer.count()).toBe(0);
    expect(await db.client.product.count()).toBe(0);
    expect(await db.client.order.count()).toBe(0);
    expect(await db.client.orderLine.count()).toBe(0);
    expect(await db.client.event.count()).toBe(0);
    expect(await db.client.chatMessage.count()).toBe(0);
    expect(await db.client.modelVersion.count()).toBe(0);
  });

  it('answers ping with its provider', async () => {
    expect(await db.ping(AbortSignal.timeout(5_000))).toMatchObject({ provider: backend.name });
  });
});
