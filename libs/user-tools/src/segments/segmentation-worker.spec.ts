import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { openDatabase, type Database, type DatabaseHandle } from '@reco/data';
import { describePostgres, type Backend, type TestDatabase } from '@reco/data/testing';
import { AsyncExecutor } from '@reco/executor';
import { storeGeneratedPurchases } from './__fixtures__/generated-purchases';
import { allAggregatesAtOnce } from './aggregate-pages';
import { SegmentationService, type SegmentationOptions } from './segmentation-service';
import { SegmentStore } from './segment-store';

/**
 * The database as the service sees it, noting every repository (or the client) the caller's
 * thread touches: what runs a query on the caller's connection goes through one of them.
 */
function watched(db: Database): { handle: DatabaseHandle; touched: string[] } {
  const touched: string[] = [];
  const plain = new Set<string | symbol>(['provider', 'url', 'dialect', 'then']);
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (!plain.has(prop)) touched.push(String(prop));
      return Reflect.get(target, prop, receiver);
    },
  });
  return { handle: { get: async () => proxy }, touched };
}

/** Every stored segment row and the run's summary, without what differs between runs. */
async function storedSegments(db: Database) {
  const rows = (await db.client.customerSegment.findMany({ orderBy: { customerId: 'asc' } })).map(({ runId: _r, computedAt: _c, ...rest }) => rest);
  const { computedAt: _c, ...summary } = (await db.segments.latestRun())?.summary as { computedAt: string };
  return { rows, summary };
}

describe('SegmentationService on a SQLite file', () => {
  const customers = 3_000;
  let dir: string;
  let db: Database;
  let cache: AsyncCache;
  let executor: AsyncExecutor;
  let events: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-segments-'));
    db = await openDatabase({ url: `file:${path.join(dir, 'shop.db')}` });
    await db.migrate();
    events = await storeGeneratedPurchases(db, { customers, seed: 7 });
    cache = createCache({ backend: 'memory' });
    executor = new AsyncExecutor({ threads: 1, name: 'segments-worker-test' });
  }, 120_000);
  afterAll(async () => {
    await executor?.close();
    await cache?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const service = (database: DatabaseHandle, extra: Partial<SegmentationOptions> = {}) =>
    new SegmentationService({ database, executor, store: new SegmentStore(database, cache, 60_000), clusters: 6, seed: 42, ...extra });

  it('reads, clusters and writes in the worker: the caller runs no query, and gets the rows of the in-process path', async () => {
    expect(events).toBeGreaterThan(20_000);
    const { handle, touched } = watched(db);

    // The caller's side, as PostgreSQL gets it: the aggregate read and the write on this thread.
    const inProcess = service(handle, { aggregatePages: allAggregatesAtOnce });
    const first = await inProcess.recompute();
    expect(touched).toEqual(expect.arrayContaining(['orders', 'segments']));
    const expected = await storedSegments(db);
    // Cached reads of that run, which the worker's run must replace.
    const customerId = expected.rows[0]?.customerId ?? '';
    const cachedSegment = await inProcess.store.customerSegment(customerId);
    expect((await inProcess.store.latestRun())?.runId).toBe(first.runId);

    const inWorker = service(handle);
    touched.length = 0;
    const completed = executor.stats().completed;
    const report = await inWorker.recompute();
    // Structural, not timed: nothing of the run went through the caller's connection, so its
    // synchronous SQLite work never ran on this event loop. One worker task did it all.
    expect(touched).toEqual([]);
    expect(executor.stats().completed).toBe(completed + 1);

    expect(report.customers).toBe(first.customers);
    expect(report.customers).toBeGreaterThan(customers * 0.9);
    expect(report.buyers).toBe(first.buyers);
    expect(report.segments).toEqual(first.segments);
    expect(report.clusters).toEqual(first.clusters);
    expect(report.runId).toBeGreaterThan(first.runId ?? Infinity);
    expect(await storedSegments(db)).toEqual(expected);

    // The caller's cache sees the new run at once, as after an in-process save.
    expect((await inWorker.store.latestRun())?.runId).toBe(report.runId);
    const segment = await inProcess.store.customerSegment(customerId);
    expect(segment?.computedAt).not.toBe(cachedSegment?.computedAt);
    expect(segment?.computedAt).toBe((await db.segments.latestRun())?.computedAt.toISOString());
  }, 120_000);

  it('stores nothing and reports no run when the file has no purchases', async () => {
    const empty = await openDatabase({ url: `file:${path.join(dir, 'empty.db')}` });
    try {
      await empty.migrate();
      const { handle, touched } = watched(empty);
      const report = await service(handle).recompute();
      expect(touched).toEqual([]);
      expect(report).toMatchObject({ runId: null, customers: 0, referenceDate: null });
      expect(await empty.segments.latestRun()).toBeNull();
    } finally {
      await empty.close();
    }
  }, 60_000);
});

/** In-memory SQLite (one connection no worker can open) and PostgreSQL keep the caller's path. */
const onTheCallersSide = (name: string, open: () => Promise<{ db: Database; drop(): Promise<void> }>) =>
  describe(`SegmentationService on ${name}`, () => {
    let opened: { db: Database; drop(): Promise<void> };
    let cache: AsyncCache;
    let executor: AsyncExecutor;

    beforeAll(async () => {
      opened = await open();
      await opened.db.migrate();
      await storeGeneratedPurchases(opened.db, { customers: 300, seed: 11 });
      cache = createCache({ backend: 'memory' });
      executor = new AsyncExecutor({ threads: 1, name: 'segments-caller-test' });
    }, 120_000);
    afterAll(async () => {
      await executor?.close();
      await cache?.close();
      await opened?.drop();
    });

    it('reads and writes on the caller’s connection, clustering in the worker pool', async () => {
      const { handle, touched } = watched(opened.db);
      const report = await new SegmentationService({ database: handle, executor, store: new SegmentStore(handle, cache, 60_000), clusters: 4, seed: 42 }).recompute();
      expect(touched).toEqual(expect.arrayContaining(['orders', 'segments']));
      expect(report.customers).toBeGreaterThan(250);
      expect(await opened.db.segments.count()).toBe(report.customers);
      expect(report.clusters.reduce((s, c) => s + c.customers, 0)).toBe(report.buyers);
    }, 120_000);
  });

onTheCallersSide('in-memory SQLite', async () => {
  const db = await openDatabase({ url: 'file::memory:' });
  return { db, drop: () => db.close() };
});

describePostgres('SegmentationService', (backend: Backend) => {
  let created: TestDatabase;
  onTheCallersSide('PostgreSQL', async () => {
    created = await backend.create();
    const db = await openDatabase({ url: created.url });
    return {
      db,
      async drop() {
        await db.close();
        await created.drop();
      },
    };
  });
});
