import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { AsyncCache } from '@reco/async-cache';
import type { ObjectStore } from '@reco/object-store';
import { loadConfig } from './config';
import { createContainer, disposeContainer, resolveAllOrNone } from './composition-root';
import { runHealthChecks, type HealthCheck } from './health-check';
import { DATA_TOKENS } from '@reco/data';
import { RUNTIME_TOKENS } from './tokens';

describe('composition root', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-runtime-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('wires the embedded defaults: SQLite, in-memory cache, local object store, all healthy', async () => {
    const container = createContainer(loadConfig({ DATA_DIR: dataDir }), { logger: pino({ level: 'silent' }) });
    try {
      const cache = container.resolve<AsyncCache>(RUNTIME_TOKENS.Cache);
      expect(await cache.getOrLoad('k', () => 42)).toBe(42);
      const store = container.resolve<ObjectStore>(RUNTIME_TOKENS.ObjectStore);
      await store.put('probe.txt', 'hello');
      expect((await store.get('probe.txt'))?.body.toString()).toBe('hello');

      const report = await runHealthChecks(resolveAllOrNone<HealthCheck>(container, RUNTIME_TOKENS.HealthChecks), 5_000);
      expect(report).toMatchObject({ status: 'ok', checks: { database: { ok: true, provider: 'sqlite' }, objectStore: { ok: true, kind: 'local' } } });
    } finally {
      await disposeContainer(container);
    }
  });

  it('wires the shop feed over the database, with DEFAULT_CURRENCY and the listeners registered by then or later', async () => {
    const container = createContainer(loadConfig({ DATA_DIR: dataDir, DEFAULT_CURRENCY: 'usd' }), { logger: pino({ level: 'silent' }) });
    try {
      const db = await container.resolve(DATA_TOKENS.Database).get();
      await db.migrate();
      const told: string[] = [];
      container.register(RUNTIME_TOKENS.CatalogChangeListeners, { useValue: { name: 'late', productsChanged: async (ids) => void told.push(...ids) } });
      const answer = await container.resolve(RUNTIME_TOKENS.ShopFeed).upsertProducts([{ id: 'SKU-000123', title: 'Mug', price: 9 }]);
      expect(answer).toMatchObject({ accepted: 1, inserted: 1 });
      expect(await db.products.findById('SKU-000123')).toMatchObject({ currency: 'USD' });
      expect(told).toContain('SKU-000123');
    } finally {
      await disposeContainer(container);
    }
  });

  it('reports Redis as not ready when the configured Redis does not answer', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const config = loadConfig({ DATA_DIR: dataDir, CACHE_BACKEND: 'redis', REDIS_URL: 'redis://127.0.0.1:1' });
    const container = createContainer(config, { logger: pino({ level: 'silent' }) });
    try {
      const cache = container.resolve<AsyncCache>(RUNTIME_TOKENS.Cache);
      expect(await cache.getOrLoad('k', () => 'from loader')).toBe('from loader');
      const report = await runHealthChecks(resolveAllOrNone<HealthCheck>(container, RUNTIME_TOKENS.HealthChecks), 2_000);
      expect(report.status).toBe('degraded');
      expect(report.checks['cache']).toMatchObject({ ok: false });
    } finally {
      await disposeContainer(container);
    }
  });
});
