import { openSampleDatabase } from './sample-database';

describe('openSampleDatabase', () => {
  it('gives each caller its own migrated copy of the shipped sample', async () => {
    const first = await openSampleDatabase();
    const second = await openSampleDatabase();
    try {
      const customers = await first.db.customers.count();
      expect(customers).toBeGreaterThan(200);
      expect(await first.db.products.count({ recommendableOnly: true })).toBeGreaterThan(1_000);
      expect((await first.db.migrate()).applied).toEqual([]);

      // A write to one copy is invisible in the other.
      await first.db.client.$executeRawUnsafe('DELETE FROM order_lines');
      expect((await first.db.orders.count()).lines).toBe(0);
      expect((await second.db.orders.count()).lines).toBeGreaterThan(20_000);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
