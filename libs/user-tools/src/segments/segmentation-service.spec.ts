import { SEGMENT_NAMES } from '@reco/base-tools';
import { openUserToolsFixture, type UserToolsFixture } from '../__fixtures__/user-tools-fixture';
import type { AggregatePages } from './aggregate-pages';
import { SegmentationService } from './segmentation-service';
import { SegmentStore } from './segment-store';

/** The repository's aggregates, handed over in pages of `size` (the real rows, split). */
const inPagesOf =
  (size: number): AggregatePages =>
  async function* (db) {
    const all = await db.orders.customerAggregates();
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
  };

describe('SegmentationService on the shipped sample', () => {
  let fx: UserToolsFixture;

  beforeAll(async () => {
    fx = await openUserToolsFixture();
  });
  afterAll(() => fx?.close());

  it('segments and clusters every customer in the worker pool, and stores the run', async () => {
    const db = fx.sample.db;
    const concurrent = [fx.segmentation.recompute(), fx.segmentation.recompute()];
    expect(concurrent[0]).toBe(concurrent[1]); // one run shared by concurrent callers
    const report = await concurrent[0];
    const customers = await db.customers.count();
    expect(report.customers).toBe(customers);
    expect(await db.segments.count()).toBe(customers);
    expect(report.referenceDate).toBe((await db.orders.latestPurchaseAt())?.toISOString());
    expect(Object.values(report.segments).reduce((s, n) => s + n, 0)).toBe(customers);
    expect(Object.keys(report.segments).sort()).toEqual([...SEGMENT_NAMES].sort());
    expect(report.clusters).toHaveLength(6);
    expect(report.clusters.reduce((s, c) => s + c.customers, 0)).toBe(report.buyers);
    expect(new Set(report.clusters.map((c) => c.label)).size).toBe(6);
    expect(fx.executor.stats().completed).toBe(1);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(report.tensorflowBackend);

    const run = await db.segments.latestRun();
    expect(run?.id).toBe(report.runId);
    // Cluster 0 spends the most on average.
    const clusters = (await fx.segmentation.store.latestRun())?.summary.clusters ?? [];
    const spend = clusters.map((c) => c.averages.monetary);
    expect([...spend].sort((a, b) => b - a)).toEqual(spend);
  });

  it('gives the same segments and clusters when run again on the same data (fixed seed)', async () => {
    const db = fx.sample.db;
    const snapshot = async () =>
      (await db.client.customerSegment.findMany({ orderBy: { customerId: 'asc' } })).map(({ runId: _r, computedAt: _c, ...rest }) => rest);
    const before = await snapshot();
    await fx.segmentation.recompute();
    expect(await snapshot()).toEqual(before);
  });

  it('gives the same segments, clusters and summary when the totals arrive in many pages', async () => {
    const db = fx.sample.db;
    const stored = async () => {
      const rows = (await db.client.customerSegment.findMany({ orderBy: { customerId: 'asc' } })).map(({ runId: _r, computedAt: _c, ...rest }) => rest);
      const { computedAt: _c, ...summary } = (await db.segments.latestRun())?.summary as { computedAt: string };
      return { rows, summary };
    };
    await fx.segmentation.recompute();
    const whole = await stored();
    const paged = new SegmentationService({
      database: fx.database,
      executor: fx.executor,
      store: new SegmentStore(fx.database, fx.cache, 60_000),
      clusters: 6,
      seed: 42,
      aggregatePages: inPagesOf(7),
    });
    const report = await paged.recompute();
    expect(report.customers).toBe(whole.rows.length);
    expect(whole.rows.length).toBeGreaterThan(7 * 3);
    expect(await stored()).toEqual(whole);
  });

  it('agrees with the profile on spend and orders', async () => {
    const [busiest] = await fx.sample.db.client.customerSegment.findMany({ orderBy: { frequency: 'desc' }, take: 1 });
    if (!busiest) throw new Error('no segments stored');
    const profile = await fx.profiles.profile(busiest.customerId);
    expect(profile?.orders).toBe(busiest.frequency);
    expect(profile?.totalSpend).toBeCloseTo(busiest.monetary, 0);
    expect(profile?.averageBasket).toBeCloseTo(busiest.averageBasket, 0);
  });

  it('does not recompute while the stored run is current, and does when the data moved past it', async () => {
    const completed = fx.executor.stats().completed;
    const run = await fx.segmentation.ensureCurrent(new Date('2011-01-01T00:00:00Z'));
    expect(fx.executor.stats().completed).toBe(completed);
    const later = new Date(Date.parse(run?.referenceDate ?? '') + 86_400_000);
    const next = await fx.segmentation.ensureCurrent(later);
    expect(fx.executor.stats().completed).toBe(completed + 1);
    expect(next?.runId).toBeGreaterThan(run?.runId ?? 0);
  });
});
