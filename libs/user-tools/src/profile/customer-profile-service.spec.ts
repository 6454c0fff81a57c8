import { createCache, type AsyncCache } from '@reco/async-cache';
import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { CustomerProfileService, type CustomerPage } from './customer-profile-service';

describe('CustomerProfileService.listCustomers on the shipped sample', () => {
  let sample: SampleDatabase;
  let cache: AsyncCache;
  let profiles: CustomerProfileService;

  beforeAll(async () => {
    sample = await openSampleDatabase();
    cache = createCache({ backend: 'memory' });
    profiles = new CustomerProfileService({ get: async () => sample.db }, cache, 60_000);
  });
  afterAll(async () => {
    await cache?.close();
    await sample?.close();
  });

  it('gives each customer as the tools show it: id, country, first and last seen as ISO strings', async () => {
    const [stored] = await sample.db.customers.list({ limit: 1 });
    const page = await profiles.listCustomers({ limit: 1 });
    expect(page.items).toEqual([
      {
        customerId: stored?.id,
        country: stored?.country,
        firstSeen: stored?.firstSeenAt?.toISOString(),
        lastSeen: stored?.lastSeenAt?.toISOString(),
      },
    ]);
  });

  it('pages through every customer once, in id order, and ends on a short page', async () => {
    const limit = 700;
    const ids: string[] = [];
    const pages: CustomerPage[] = [];
    let afterId: string | undefined;
    do {
      const page = await profiles.listCustomers({ limit, afterId });
      pages.push(page);
      ids.push(...page.items.map((c) => c.customerId));
      afterId = page.nextAfterId ?? undefined;
    } while (afterId !== undefined && pages.length < 100);

    expect(ids).toHaveLength(await sample.db.customers.count());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const page of pages.slice(0, -1)) {
      expect(page.items).toHaveLength(limit);
      expect(page.nextAfterId).toBe(page.items.at(-1)?.customerId);
    }
    expect(pages.at(-1)?.nextAfterId).toBeNull();
  });

  it('keeps to one country when asked', async () => {
    const [stored] = await sample.db.customers.list({ limit: 1 });
    const country = stored?.country as string;
    const page = await profiles.listCustomers({ limit: 500, country });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((c) => c.country === country)).toBe(true);
  });
});
