import { ToolRegistry, type ToolResult } from '@reco/base-tools';
import { openServiceHarness, type ServiceHarness } from '../__fixtures__/service-harness';
import type { RecommendationService } from '../service/recommendation-service';
import { createRecommendationTools } from './recommendation-tools';

jest.setTimeout(120_000);

let h: ServiceHarness;
let service: RecommendationService;
let registry: ToolRegistry;
const staff = { caller: { kind: 'service' as const, keyId: 'test' } };

beforeAll(async () => {
  h = await openServiceHarness();
  const parts = h.parts({ holdoutDays: 0 });
  service = parts.service;
  await parts.trainer.train();
  registry = new ToolRegistry({ defaultTimeoutMs: 10_000 }).register(...createRecommendationTools(service));
});
afterAll(() => h?.close());

const codeOf = (r: ToolResult<unknown>) => (r.ok ? 'OK' : r.error.code);

describe('recommendation tools', () => {
  it('registers the five tools', () => {
    expect(registry.list().map((t) => t.name)).toEqual([
      'get_frequently_bought_together',
      'get_popular_products',
      'get_recommendations',
      'get_session_recommendations',
      'get_similar_products',
    ]);
  });

  it('get_recommendations: bad input, forbidden, own and cold-start customers', async () => {
    for (const input of [{}, { userId: '' }, { userId: '17850', k: 0 }, { userId: '17850', k: 101 }, { userId: '17850', minPrice: 5, maxPrice: 1 }, { userId: 'a\u0007b' }]) {
      expect(codeOf(await registry.invoke('get_recommendations', input, staff))).toBe('BAD_INPUT');
    }
    expect(codeOf(await registry.invoke('get_recommendations', { userId: '17850' }))).toBe('FORBIDDEN');
    expect(codeOf(await registry.invoke('get_recommendations', { userId: '17850' }, { caller: { kind: 'customer', customerId: '12345' } }))).toBe('FORBIDDEN');
    const own = await registry.invoke<{ items: unknown[]; strategy: string }>('get_recommendations', { userId: 'NEW-1', k: 3 }, { caller: { kind: 'customer', customerId: 'NEW-1' } });
    expect(own).toMatchObject({ ok: true, data: { strategy: 'popular' } });
    expect(own.ok && own.data.items).toHaveLength(3);
  });

  it('get_similar_products and get_frequently_bought_together: bad input and NOT_FOUND', async () => {
    for (const name of ['get_similar_products', 'get_frequently_bought_together']) {
      expect(codeOf(await registry.invoke(name, {}, staff))).toBe('BAD_INPUT');
      expect(codeOf(await registry.invoke(name, { productId: '85123A', k: -1 }, staff))).toBe('BAD_INPUT');
      expect(codeOf(await registry.invoke(name, { productId: 'x'.repeat(129) }, staff))).toBe('BAD_INPUT');
      const missing = await registry.invoke(name, { productId: 'NOPE99' }, staff);
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { id: 'NOPE99' } } });
      const top = (await service.popularProducts({ k: 1 }))[0].productId;
      const found = await registry.invoke<{ items: { reason: string }[] }>(name, { productId: top, k: 3 }, staff);
      expect(found.ok).toBe(true);
    }
  });

  it('get_popular_products: bad input, filters, unknown country gives no items', async () => {
    for (const input of [{ k: 0 }, { k: 'ten' }, { sinceDays: 0 }, { country: '' }]) {
      expect(codeOf(await registry.invoke('get_popular_products', input))).toBe('BAD_INPUT');
    }
    const popular = await registry.invoke<{ items: { reason: string; isMerchandise: boolean }[] }>('get_popular_products', { k: 5, sinceDays: 30 });
    expect(popular.ok && popular.data.items.every((i) => i.reason === 'popular' && i.isMerchandise)).toBe(true);
    expect(await registry.invoke('get_popular_products', { country: 'Atlantis' })).toMatchObject({ ok: true, data: { items: [] } });
  });

  it('get_session_recommendations: bad input, anonymous callers refused, any other caller answered', async () => {
    for (const input of [{}, { sessionId: '' }, { sessionId: 'x'.repeat(129) }, { sessionId: 'a\u0000b' }, { sessionId: 's', k: 0 }, { sessionId: 's', category: ' > ' }]) {
      expect(codeOf(await registry.invoke('get_session_recommendations', input, staff))).toBe('BAD_INPUT');
    }
    expect(codeOf(await registry.invoke('get_session_recommendations', { sessionId: 'visit-1' }))).toBe('FORBIDDEN');
    const customer = { caller: { kind: 'customer' as const, customerId: '12345' } };
    const answer = await registry.invoke<{ sessionId: string; strategy: string; items: unknown[] }>('get_session_recommendations', { sessionId: 'visit 1', k: 3 }, customer);
    expect(answer).toMatchObject({ ok: true, data: { sessionId: 'visit 1', strategy: 'popular' } });
    expect(answer.ok && answer.data.items).toHaveLength(3);
  });

  it('get_recommendations: a category filter, validated', async () => {
    expect(codeOf(await registry.invoke('get_recommendations', { userId: '17850', category: '' }, staff))).toBe('BAD_INPUT');
    expect(codeOf(await registry.invoke('get_recommendations', { userId: '17850', category: 'Home >' }, staff))).toBe('BAD_INPUT');
    // The sample's products have no categories: nothing is in this one.
    expect(await registry.invoke('get_recommendations', { userId: '17850', category: 'Home > Kitchen' }, staff)).toMatchObject({ ok: true, data: { items: [] } });
  });
});
