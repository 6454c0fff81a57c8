import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache, type AsyncCache } from '@reco/async-cache';
import type { ToolLogger } from '@reco/base-tools';
import { openDatabase, type Database } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { seedOpenShop, type OpenShop } from '../__fixtures__/open-shop';
import { assignArm } from '../experiments/arm-assignment';
import { ExperimentInputSchema, type Experiment } from '../merchandising/merchandising-schemas';
import { createRecommendationServices, type RecommendationServices } from '../recommendation-services';

jest.setTimeout(120_000);

const ADMIN = 'spec';

function recordingLogger(): ToolLogger & { warn: jest.Mock } {
  const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn(), child: () => logger };
  return logger;
}

// SQLite: the shop's database as one process serves it; two trainings give two stored versions.
describe('experiment arms on model versions [sqlite]', () => {
  let dir: string;
  let db: Database;
  let shop: OpenShop;
  let executor: AsyncExecutor;
  let store: LocalObjectStore;
  let cache: AsyncCache;
  let parts: RecommendationServices;
  let logger: ReturnType<typeof recordingLogger>;
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-arm-versions-'));
    db = await openDatabase({ url: `file:${path.join(dir, 'shop.db')}` });
    await db.migrate();
    shop = await seedOpenShop(db, 40);
    store = new LocalObjectStore({ root: path.join(dir, 'objects') });
    executor = new AsyncExecutor({ threads: 1, name: 'reco-arm-versions-test' });
    cache = createCache({ backend: 'memory' });
    logger = recordingLogger();
    parts = createRecommendationServices({ database: { get: async () => db }, objectStore: store, executor, cache, logger }, { holdoutDays: 0 });
    v1 = (await parts.trainer.train()).version;
    v2 = (await parts.trainer.train()).version;
  });
  afterAll(async () => {
    await parts?.exposures.close();
    await executor?.close();
    await cache?.close();
    await store?.close();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A customer and a session the experiment puts in `arm`. */
  function shoppersIn(experiment: Experiment, arm: string): { userId: string; sessionId: string } {
    const userId = [...shop.tasteOf.keys()].find((c) => assignArm(experiment, c).name === arm);
    const sessionId = Array.from({ length: 100 }, (_, i) => `visit-${i}`).find((s) => assignArm(experiment, `session:${s}`).name === arm);
    if (!userId || !sessionId) throw new Error(`no shopper in arm ${arm}`);
    return { userId, sessionId };
  }

  it("serves each arm's model version: arm A on the older v1, arm B on the active v2", async () => {
    const { placements, merchandisingAdmin: admin, registry, exposures } = parts;
    expect(v1).not.toBe(v2);
    expect(registry.status().version).toBe(v2);
    const experiment = await admin.createExperiment(
      {
        name: 'v1-vs-v2',
        state: 'running',
        arms: [
          { name: 'A', weight: 1, config: { modelVersion: v1 } },
          { name: 'B', weight: 1, config: { modelVersion: v2 } },
        ],
      },
      ADMIN,
    );
    const record = jest.spyOn(exposures, 'record');
    try {
      const a = shoppersIn(experiment, 'A');
      const b = shoppersIn(experiment, 'B');
      for (const [shopper, arm, version] of [
        [a, 'A', v1],
        [b, 'B', v2],
      ] as const) {
        const inArm = { experiment: { id: experiment.id, name: 'v1-vs-v2', arm }, modelVersion: version };
        expect(await placements.recommend('home', { userId: shopper.userId, k: 5 })).toMatchObject({ strategy: 'personal', ...inArm });
        expect(await placements.recommendForCustomer(shopper.userId, { k: 5 })).toMatchObject({ strategy: 'model', ...inArm });
        expect(await placements.recommendForSession(shopper.sessionId, { k: 5 })).toMatchObject(inArm);
        expect(await placements.recommend('trending', { sessionId: shopper.sessionId, k: 5 })).toMatchObject({ strategy: 'trending', ...inArm });
        // From this process's memory, as the fast path answers: the same version.
        expect(placements.cachedForCustomer(shopper.userId, { k: 5 })).toMatchObject(inArm);
      }
      // v1 is held beside the active model, over the same products: not loaded again per answer.
      const older = registry.loadedVersion(v1);
      expect(older).toMatchObject({ name: 'recommender', version: v1 });
      expect(older?.recommender).not.toBe(registry.loaded()?.recommender);
      expect(await registry.version(v1)).toBe(older);
      expect(await registry.version(v2)).toBe(registry.loaded());
      expect(record.mock.calls.map(([e]) => e.arm)).toEqual(['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'B']);

      // A batch export is no exposure: the active model, no arm, nothing logged.
      record.mockClear();
      const exported = await placements.recommendForCustomer(a.userId, { k: 5 }, { outsideExperiments: true });
      expect(exported.modelVersion).toBe(v2);
      expect(exported.experiment).toBeUndefined();
      expect(record).not.toHaveBeenCalled();
      expect(logger.warn).not.toHaveBeenCalled();
    } finally {
      record.mockRestore();
      const { id, ...input } = experiment;
      await admin.replaceExperiment(id, { ...input, state: 'stopped' }, ADMIN);
    }
  });

  it('an arm naming a version the registry does not have, or cannot load, serves the active one (warned once each)', async () => {
    const { placements, merchandising, registry } = parts;
    // Written past the admin (which refuses such arms): as an experiment stored before a database restore.
    await db.modelVersions.create({ name: 'recommender', version: 'v-broken', metrics: {}, objectKey: 'models/recommender/v-broken' });
    const body = ExperimentInputSchema.parse({
      name: 'ghost',
      placement: 'home',
      state: 'running',
      arms: [
        { name: 'gone', weight: 1, config: { modelVersion: 'v-gone' } },
        { name: 'broken', weight: 1, config: { modelVersion: 'v-broken' } },
      ],
    });
    await db.merchandising.put('experiment', 'exp-ghost', JSON.parse(JSON.stringify(body)) as unknown, ADMIN, { mustBeNew: true });
    merchandising.invalidate();
    const experiment = { ...body, id: 'exp-ghost' };
    logger.warn.mockClear();
    try {
      for (const arm of ['gone', 'broken']) {
        const { userId } = shoppersIn(experiment, arm);
        for (let i = 0; i < 3; i++) {
          expect(await placements.recommend('home', { userId, k: 5 })).toMatchObject({ modelVersion: v2, experiment: { id: 'exp-ghost', arm } });
        }
      }
      await expect(registry.version('v-gone')).rejects.toThrow('model recommender has no version "v-gone"');
      expect(logger.warn.mock.calls.map(([fields, message]) => [(fields as { modelVersion: string }).modelVersion, message])).toEqual([
        ['v-gone', 'an experiment arm names a model version the registry does not have: serving the active one'],
        ['v-broken', "loading an experiment arm's model version failed: serving the active one"],
      ]);
    } finally {
      await db.merchandising.remove('experiment', 'exp-ghost', ADMIN);
      merchandising.invalidate();
    }
  });
});
