import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ToolRegistry } from '@reco/base-tools';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { LiveFeedback, RECOMMENDATION_TOKENS, RecommenderTrainer, type RecommendationService } from '@reco/recommendation-tools';
import { loadConfig } from '../config';
import { createContainer, disposeContainer, resolveAllOrNone } from '../composition-root';
import { runHealthChecks, type HealthCheck } from '../health-check';
import { RUNTIME_TOKENS } from '../tokens';

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
});
