import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { deleteKeysUnder, describeWithRedis, eventually, rawClient, REDIS_URL, uniquePrefix } from '@reco/async-cache/testing';
import type { ToolRegistry } from '@reco/base-tools';
import { DATA_TOKENS, openDatabase, type DatabaseHandle } from '@reco/data';
import { LiveFeedback, RECOMMENDATION_TOKENS, RecommenderTrainer, type RecommendationService } from '@reco/recommendation-tools';
import { loadConfig } from '../config';
import { createContainer, disposeContainer, resolveAllOrNone } from '../composition-root';
import { runHealthChecks, type HealthCheck } from '../health-check';
import { RUNTIME_TOKENS, type CatalogChangeListener } from '../tokens';

jest.setTimeout(60_000);

describe('recommendations module', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-recs-module-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('registers the registry, trainer, service and feedback, the four tools, its config and a health check showing the backend', async () => {
    const container = createContainer(loadConfig({ DATA_DIR: dataDir, RECO_MODEL_NAME: 'shop-model', RECO_CACHE_TTL_MS: '1000' }), {
      logger: pino({ level: 'silent' }),
    });
    try {
      await (await container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get()).migrate();
      const service = container.resolve<RecommendationService>(RECOMMENDATION_TOKENS.Service);
      expect(service.modelName).toBe('shop-model');
      expect(container.resolve(RECOMMENDATION_TOKENS.Registry).modelName).toBe('shop-model');
      expect(container.resolve(RECOMMENDATION_TOKENS.Trainer)).toBeInstanceOf(RecommenderTrainer);
      expect(container.resolve(RECOMMENDATION_TOKENS.Feedback)).toBeInstanceOf(LiveFeedback);
      const registry = container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
      for (const name of ['get_recommendations', 'get_similar_products', 'get_frequently_bought_together', 'get_popular_products']) {
        expect(registry.has(name)).toBe(true);
      }
      const report = await runHealthChecks(resolveAllOrNone<HealthCheck>(container, RUNTIME_TOKENS.HealthChecks), 30_000);
      expect(report.checks['recommender']).toMatchObject({ ok: true, loaded: false, modelName: 'shop-model' });
      expect(report.checks['recommender']['backend']).toMatch(/^(wasm|cpu|tensorflow)$/);
      // A fresh database: the fallback answers, never an error.
      const result = await registry.invoke('get_recommendations', { userId: '17850', k: 3 }, { caller: { kind: 'admin', keyId: 't' } });
      expect(result).toMatchObject({ ok: true, data: { strategy: 'popular', items: [], modelVersion: null } });
    } finally {
      await disposeContainer(container);
    }
  });

  it('rejects a bad model name at start-up, naming the variable', () => {
    expect(() => loadConfig({ RECO_MODEL_NAME: 'Bad Name' })).toThrow(/RECO_MODEL_NAME/);
  });

  it('registers a catalogue listener: a hidden product leaves the answers at once, a new one fills them', async () => {
    // No periodic refresh: only the listener can bring the snapshot up to date.
    const config = loadConfig({ DATA_DIR: path.join(dataDir, 'catalogue'), RECO_CATALOG_REFRESH_MS: '0' });
    const container = createContainer(config, { logger: pino({ level: 'silent' }) });
    try {
      const db = await container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      await db.migrate();
      await db.products.upsertMany([
        { id: 'SKU-1', title: 'Blue mug', price: 5, categories: ['Home > Kitchen > Mugs'] },
        { id: 'SKU-2', title: 'Red mug', price: 6, categories: ['Home > Kitchen > Mugs'] },
      ]);
      const tools = container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
      const admin = { caller: { kind: 'admin' as const, keyId: 't' } };
      const ids = async (name: string, input: object) => {
        const result = await tools.invoke<{ items: { productId: string }[] }>(name, input, admin);
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        return result.data.items.map((i) => i.productId).sort();
      };
      expect(await ids('get_recommendations', { userId: 'C-1', k: 5 })).toEqual(['SKU-1', 'SKU-2']);
      const listener = resolveAllOrNone<CatalogChangeListener>(container, RUNTIME_TOKENS.CatalogChangeListeners).find((l) => l.name === 'recommendations');
      expect(listener).toBeDefined();
      await db.products.hide('SKU-1');
      await db.products.upsertMany([{ id: 'SKU-3', title: 'Green mug', price: 7, categories: ['Home > Kitchen > Mugs'] }]);
      await listener?.productsChanged(['SKU-1', 'SKU-3']);
      expect(await ids('get_recommendations', { userId: 'C-1', k: 5 })).toEqual(['SKU-2', 'SKU-3']);
      expect(await ids('get_session_recommendations', { sessionId: 'visit 1', k: 5, category: 'home > kitchen' })).toEqual(['SKU-2', 'SKU-3']);
      expect(await ids('get_similar_products', { productId: 'SKU-3', k: 5 })).toEqual(['SKU-2']);
    } finally {
      await disposeContainer(container);
    }
  });

  it('reads INTERACTION_WEIGHTS (kinds left out keep their default), naming the variable when it is wrong', () => {
    expect(loadConfig({}).INTERACTION_WEIGHTS).toEqual({ view: 0.1, cart: 0.3, purchase: 1 });
    expect(loadConfig({ INTERACTION_WEIGHTS: 'view:0.05, cart:0.5' }).INTERACTION_WEIGHTS).toEqual({ view: 0.05, cart: 0.5, purchase: 1 });
    for (const [value, message] of [
      ['view=0.1', /INTERACTION_WEIGHTS: must be kind:weight pairs/],
      ['view:-1', /INTERACTION_WEIGHTS: must be kind:weight pairs/],
      ['like:1', /INTERACTION_WEIGHTS: names an unknown event type "like"/],
      ['click:0.2', /INTERACTION_WEIGHTS: has no click weight: a click counts as a view/],
      ['view:0,cart:0,purchase:0', /INTERACTION_WEIGHTS: needs at least one weight above 0/],
      ['purchase:1000', /INTERACTION_WEIGHTS: weight of purchase must be at most 100/],
    ] as const) {
      expect(() => loadConfig({ INTERACTION_WEIGHTS: value })).toThrow(message);
    }
  });
});

describeWithRedis('recommendations module: merchandising across instances', () => {
  const prefix = uniquePrefix();
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-merch-module-'))));
  afterAll(async () => {
    const redis = rawClient();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Two instances on one database and one Redis prefix. The merchandising poll is 10 minutes:
  // only the cluster signal can make the second see the first's write in time.
  const instance = () =>
    createContainer(
      loadConfig({ DATA_DIR: dataDir, CACHE_BACKEND: 'redis', REDIS_URL, CACHE_KEY_PREFIX: prefix, RECO_MERCHANDISING_POLL_MS: '600000' }),
      { logger: pino({ level: 'silent' }) },
    );
  const admin = { caller: { kind: 'admin' as const, keyId: 'spec' } };
  const home = async (container: ReturnType<typeof createContainer>) => {
    const result = await container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry).invoke<{ items: { productId: string }[]; experiment?: { id: string; arm: string } }>(
      'get_placement_recommendations',
      { placement: 'home', userId: 'C-1', k: 5 },
      admin,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.data;
  };

  it('a write on one instance publishes merchandising-changed; the other re-reads at once', async () => {
    const [writer, reader] = [instance(), instance()];
    try {
      const db = await writer.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      await db.migrate();
      await db.products.upsertMany(['SKU-1', 'SKU-2', 'SKU-3'].map((id, i) => ({ id, title: `Mug ${i}`, price: 5 + i, categories: ['Home > Mugs'] })));
      await Promise.all([writer, reader].map((c) => c.resolve(RUNTIME_TOKENS.ClusterSignals).ready()));
      expect((await home(reader)).items.map((i) => i.productId)).toContain('SKU-1');

      await writer.resolve(RUNTIME_TOKENS.MerchandisingAdmin).createRule({ name: 'no-sku-1', kind: 'exclude', match: { productIds: ['SKU-1'] } }, 'spec');
      await eventually(async () => !(await home(reader)).items.some((i) => i.productId === 'SKU-1'), 5_000);
    } finally {
      await Promise.all([disposeContainer(writer), disposeContainer(reader)]);
    }
  });

  it('writes the exposures still buffered when the container is disposed (shutdown)', async () => {
    const container = instance();
    let experimentId = '';
    try {
      const db = await container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      await db.migrate();
      const experiment = await container.resolve(RUNTIME_TOKENS.MerchandisingAdmin).createExperiment(
        { name: 'shutdown', placement: 'home', state: 'running', arms: [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }] },
        'spec',
      );
      experimentId = experiment.id;
      expect((await home(container)).experiment).toMatchObject({ id: experimentId });
    } finally {
      // At once: the log's own timer (1 s) has not written it yet.
      await disposeContainer(container);
    }
    const db = await openDatabase({ url: `file:${path.join(dataDir, 'reco.db')}` });
    try {
      const totals = await db.exposures.totals(experimentId);
      expect(totals.reduce((n, arm) => n + arm.exposures, 0)).toBe(1);
    } finally {
      await db.close();
    }
  });
});
