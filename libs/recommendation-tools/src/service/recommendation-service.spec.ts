import { startS3TestServer, type S3TestServer } from '@reco/object-store/testing';
import { S3ObjectStore } from '@reco/object-store';
import { openServiceHarness, type ServiceHarness } from '../__fixtures__/service-harness';
import type { RecommendationServices } from '../recommendation-services';
import { UnknownModelVersionError } from '../registry/model-registry';
import { MODEL_FILES } from '../storage/model-store';
import { weightFileName } from '../storage/weight-files';
import type { TrainOutcome } from '../training/recommender-trainer';
import { UnknownProductError, type RecommendationService } from './recommendation-service';

jest.setTimeout(120_000);

let h: ServiceHarness;
let parts: RecommendationServices;
let service: RecommendationService;
let trained: TrainOutcome;
let customer: string;

beforeAll(async () => {
  h = await openServiceHarness();
  parts = h.parts({ refreshMs: 60_000 });
  service = parts.service;
});
afterAll(() => h?.close());

describe('RecommendationService', () => {
  it('answers before any model exists with the popular fallback from the database', async () => {
    const list = await service.recommend('12345', { k: 5 });
    expect(list).toMatchObject({ userId: '12345', strategy: 'popular', modelVersion: null });
    expect(list.items).toHaveLength(5);
    for (const item of list.items) expect(item).toMatchObject({ reason: 'popular', isMerchandise: true, active: true });
    expect((await service.popularProducts({ k: 3 })).map((p) => p.reason)).toEqual(['popular', 'popular', 'popular']);
  });

  it('trains on the shipped sample in a worker, stores the artifact, registers and activates the version', async () => {
    trained = await parts.trainer.train();
    expect(trained.version).toMatch(/^v\d{8}T\d{9}Z-[0-9a-f]{4}$/);
    expect(trained.objectKey).toBe(`models/recommender/${trained.version}`);
    const keys = (await h.store.list(`${trained.objectKey}/`)).map((o) => o.key);
    expect(keys.sort()).toEqual([...Object.values(MODEL_FILES), weightFileName(0)].map((f) => `${trained.objectKey}/${f}`).sort());
    const active = await h.sample.db.modelVersions.getActive('recommender');
    expect(active).toMatchObject({ version: trained.version, objectKey: trained.objectKey, active: true });
    expect(trained.metadata.backend).toMatch(/^(wasm|cpu|tensorflow)$/);
    expect(String(trained.metadata.window.from) < String(trained.metadata.window.until)).toBe(true);
    expect(trained.metadata.counts['purchases']).toBeGreaterThan(1_000);
    expect(trained.metrics['model.all.recall@20']).toBeGreaterThan(0);
    expect(trained.evaluation.map((r) => `${r.ranker}/${r.mode}`).sort()).toEqual(['model/all', 'model/new', 'popularity/all', 'popularity/new']);
    const stored = await h.store.get(`${trained.objectKey}/${MODEL_FILES.metadata}`);
    expect(JSON.parse(String(stored?.body))).toMatchObject({ name: 'recommender', backend: trained.metadata.backend });
    expect(service.status()).toMatchObject({ loaded: true, version: trained.version });
  });

  it('serves known customers from the model, never non-merchandise or inactive products', async () => {
    const customers = await h.sample.db.customers.list({ limit: 200 });
    for (const c of customers) {
      const list = await service.recommend(c.id, { k: 20 });
      if (list.strategy === 'model') {
        customer = c.id;
        break;
      }
    }
    expect(customer).toBeDefined();
    const list = await service.recommend(customer, { k: 20 });
    expect(list).toMatchObject({ strategy: 'model', modelVersion: trained.version });
    expect(list.items).toHaveLength(20);
    const products = await h.sample.db.products.findByIds(list.items.map((i) => i.productId));
    for (const p of products) expect(p).toMatchObject({ recommendable: true, available: true });
    expect(list.items.some((i) => i.reason === 'bought-before')).toBe(true);
  });

  it('gives an unknown (cold-start) customer the popular list, not an error', async () => {
    const list = await service.recommend('NOBODY-1', { k: 10, maxPrice: 5 });
    expect(list.strategy).toBe('popular');
    expect(list.items.length).toBeGreaterThan(0);
    for (const item of list.items) {
      expect(item.reason).toBe('popular');
      expect(item.unitPrice).toBeLessThanOrEqual(5);
    }
  });

  it('re-ranks within a second after a live event, without retraining', async () => {
    const before = (await service.recommend(customer, { k: 100, excludePurchased: true })).items.map((i) => i.productId);
    const target = before[Math.min(60, before.length - 1)];
    const rankBefore = before.indexOf(target);
    const started = performance.now();
    await parts.feedback.record({ customerId: customer, productId: target, type: 'cart' });
    await parts.feedback.record({ customerId: customer, productId: target, type: 'view' });
    const after = await service.recommend(customer, { k: 100, excludePurchased: true });
    expect(performance.now() - started).toBeLessThan(1_000);
    const rankAfter = after.items.findIndex((i) => i.productId === target);
    expect(rankAfter).toBeGreaterThanOrEqual(0);
    expect(rankAfter).toBeLessThan(rankBefore);
    expect(after.items[rankAfter].reason).toMatch(/^(in-cart|recently-viewed|similar-to:.+)$/);
    expect(after.modelVersion).toBe(trained.version); // same model: re-ranked, not retrained
  });

  it('offers its last answer to the synchronous cached lookup, until a live event drops it', async () => {
    const args = { k: 10, excludePurchased: true };
    const answered = await service.recommend(customer, args);
    const hit = service.cachedRecommendations(customer, { ...args });
    // The same list, with an id of its own: every answer is a new recommendation.
    expect(hit).toEqual({ ...answered, recommendationId: expect.any(String) });
    expect(hit?.recommendationId).not.toBe(answered.recommendationId);
    expect(hit?.items).toBe(answered.items);
    expect(service.cachedRecommendations(customer, { k: 11, excludePurchased: true })).toBeUndefined();
    await parts.feedback.record({ customerId: customer, productId: answered.items[0].productId, type: 'view' });
    expect(service.cachedRecommendations(customer, args)).toBeUndefined();
    const reranked = await service.recommend(customer, args);
    expect(service.cachedRecommendations(customer, args)?.items).toBe(reranked.items);
  });

  it('answers similar and bought-together for a product; [] for non-merchandise; throws for an unknown code', async () => {
    const top = (await service.popularProducts({ k: 1 }))[0].productId;
    const similar = await service.similarProducts(top, 5);
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.every((s) => s.reason === `similar-to:${top}` && s.productId !== top)).toBe(true);
    const together = await service.boughtTogether(top, 5);
    expect(together.every((s) => s.reason === `bought-with:${top}`)).toBe(true);
    const nonMerch = (await h.sample.db.products.findAll()).find((p) => !p.recommendable);
    expect(nonMerch).toBeDefined();
    await expect(service.similarProducts(String(nonMerch?.id), 5)).resolves.toEqual([]);
    await expect(service.boughtTogether('NOPE99', 5)).rejects.toBeInstanceOf(UnknownProductError);
  });

  it('loads the active version saved in the local store into another instance, with the same answers', async () => {
    const other = h.parts();
    const status = await other.registry.start();
    expect(status).toMatchObject({ loaded: true, version: trained.version });
    expect(status.backend).toBe(trained.metadata.backend);
    const a = await service.recommend('NOBODY-2', { k: 10 });
    const b = await other.service.recommend('NOBODY-2', { k: 10 });
    expect(b.items).toEqual(a.items);
    const top = (await service.popularProducts({ k: 1 }))[0].productId;
    expect(await other.service.similarProducts(top, 10)).toEqual(await service.similarProducts(top, 10));
  });

  it('activates a version by id in the database and in this process; another process follows at its refresh', async () => {
    const other = h.parts();
    await other.registry.start();
    const next = await parts.trainer.train({ activate: false });
    expect(service.status().version).toBe(trained.version);
    const versions = await parts.registry.listVersions();
    expect(versions.map((v) => v.version)).toEqual([next.version, trained.version]);
    const activated = await parts.registry.activate('recommender', versions[0].id);
    expect(activated).toMatchObject({ version: next.version, active: true });
    expect(service.status()).toMatchObject({ loaded: true, version: next.version });
    expect((await service.recommend('NOBODY-4', { k: 3 })).modelVersion).toBe(next.version);
    expect(await other.registry.refresh()).toMatchObject({ loaded: true, version: next.version });
    await expect(parts.registry.activate('recommender', 999_999)).rejects.toBeInstanceOf(UnknownModelVersionError);
    await expect(parts.registry.activate('other-model', versions[0].id)).rejects.toBeInstanceOf(UnknownModelVersionError);
    // Back to the first version, loaded from the store this time.
    await parts.registry.activate('recommender', versions[1].id);
    expect(service.status().version).toBe(trained.version);
  });
});

describe('RecommendationService on S3 (s3rver)', () => {
  let server: S3TestServer;
  let store: S3ObjectStore;
  beforeAll(async () => {
    server = await startS3TestServer();
    await server.createBucket('reco-models');
    store = new S3ObjectStore({ ...server.clientOptions, bucket: 'reco-models' });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('saves a trained model to S3 and loads it back in another instance', async () => {
    const writer = h.parts({ modelName: 's3-model', holdoutDays: 0 }, store);
    const outcome = await writer.trainer.train();
    expect((await store.list(`${outcome.objectKey}/`)).length).toBe(3);
    const reader = h.parts({ modelName: 's3-model' }, store);
    expect(await reader.registry.refresh()).toMatchObject({ loaded: true, version: outcome.version });
    const top = (await writer.service.popularProducts({ k: 1, country: 'France' }))[0];
    expect(await reader.service.popularProducts({ k: 1, country: 'France' })).toEqual([top]);
    expect((await reader.service.recommend('NOBODY-3', { k: 5 })).items).toEqual((await writer.service.recommend('NOBODY-3', { k: 5 })).items);
  });
});
