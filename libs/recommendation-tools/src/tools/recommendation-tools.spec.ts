import { ToolRegistry, type ToolResult } from '@reco/base-tools';
import { openServiceHarness, type ServiceHarness } from '../__fixtures__/service-harness';
import type { RecommendationServices } from '../recommendation-services';
import type { RecommendationService } from '../service/recommendation-service';
import { createRecommendationTools } from './recommendation-tools';

jest.setTimeout(120_000);

let h: ServiceHarness;
let service: RecommendationService;
let parts: RecommendationServices;
let registry: ToolRegistry;
const staff = { caller: { kind: 'service' as const, keyId: 'test' } };

beforeAll(async () => {
  h = await openServiceHarness();
  parts = h.parts({ holdoutDays: 0 });
  service = parts.service;
  await parts.trainer.train();
  registry = new ToolRegistry({ defaultTimeoutMs: 10_000 }).register(...createRecommendationTools(parts));
});
afterAll(async () => {
  await parts?.exposures.close();
  await h?.close();
});

const codeOf = (r: ToolResult<unknown>) => (r.ok ? 'OK' : r.error.code);

describe('recommendation tools', () => {
  it('registers the six tools', () => {
    expect(registry.list().map((t) => t.name)).toEqual([
      'get_frequently_bought_together',
      'get_placement_recommendations',
      'get_popular_products',
      'get_recommendations',
      'get_session_recommendations',
      'get_similar_products',
    ]);
  });

  it('every list answer has a recommendationId of its own, a cached one too', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const answer = await registry.invoke<{ recommendationId: string }>('get_recommendations', { userId: '17850', k: 4 }, staff);
      expect(answer.ok).toBe(true);
      if (answer.ok) ids.add(answer.data.recommendationId);
    }
    for (const [name, input] of [
      ['get_session_recommendations', { sessionId: 'visit-2', k: 2 }],
      ['get_popular_products', { k: 2 }],
      ['get_placement_recommendations', { placement: 'trending', k: 2 }],
    ] as const) {
      const answer = await registry.invoke<{ recommendationId: string }>(name, input, staff);
      expect(answer.ok).toBe(true);
      if (answer.ok) ids.add(answer.data.recommendationId);
    }
    expect(ids.size).toBe(6);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('get_placement_recommendations: bad input, unknown placement, missing inputs, access', async () => {
    for (const input of [{}, { placement: 'Home' }, { placement: 'home', k: 0 }, { placement: 'cart', cartProductIds: [] }, { placement: 'home', userId: '17850', minPrice: 9, maxPrice: 1 }]) {
      expect(codeOf(await registry.invoke('get_placement_recommendations', input, staff))).toBe('BAD_INPUT');
    }
    expect(await registry.invoke('get_placement_recommendations', { placement: 'nowhere', userId: '17850' }, staff)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { id: 'nowhere' } },
    });
    for (const [placement, field] of [
      ['product', 'productId'],
      ['cart', 'cartProductIds'],
      ['buy-again', 'userId'],
      ['home', 'userId'],
    ]) {
      expect(await registry.invoke('get_placement_recommendations', { placement, sessionId: placement === 'buy-again' ? 's-1' : undefined }, staff)).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT', details: { issues: [{ field }] } },
      });
    }
    const other = { caller: { kind: 'customer' as const, customerId: '12345' } };
    expect(codeOf(await registry.invoke('get_placement_recommendations', { placement: 'home', userId: '17850' }, other))).toBe('FORBIDDEN');
    expect(codeOf(await registry.invoke('get_placement_recommendations', { placement: 'trending' }))).toBe('FORBIDDEN');
    const own = await registry.invoke<{ placement: string; userId: string; strategy: string; items: unknown[] }>('get_placement_recommendations', { placement: 'home', userId: '12345', k: 3 }, other);
    expect(own).toMatchObject({ ok: true, data: { placement: 'home', userId: '12345', strategy: 'personal' } });
    expect(own.ok && own.data.items).toHaveLength(3);
    const top = (await service.popularProducts({ k: 1 }))[0].productId;
    const product = await registry.invoke<{ items: { productId: string }[] }>('get_placement_recommendations', { placement: 'product', productId: top, k: 5 }, staff);
    expect(product.ok && product.data.items.map((i) => i.productId)).not.toContain(top);
    // A preview is for staff keys only: a customer token is refused even for its own list.
    expect(codeOf(await registry.invoke('get_placement_recommendations', { placement: 'home', userId: '12345', preview: true }, other))).toBe('FORBIDDEN');
    expect(await registry.invoke('get_placement_recommendations', { placement: 'home', userId: '12345', k: 2, preview: true }, staff)).toMatchObject({ ok: true, data: { userId: '12345' } });
  });

  it("get_similar_products, get_frequently_bought_together and get_popular_products apply the shop's global rules, lists still full", async () => {
    type Item = { productId: string; reason: string };
    const list = async (name: string, input: object): Promise<Item[]> => {
      const answer = await registry.invoke<{ items: Item[] }>(name, input, staff);
      if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
      return answer.data.items;
    };
    const ids = (items: readonly Item[]) => items.map((i) => i.productId);
    const popular = ids(await list('get_popular_products', { k: 6 }));
    const shown = popular[0];
    const similar = ids(await list('get_similar_products', { productId: shown, k: 6 }));
    const together = ids(await list('get_frequently_bought_together', { productId: shown, k: 6 }));
    const excluded = [...new Set([popular[1], similar[0], together[0]])];
    const admin = parts.merchandisingAdmin;
    const exclude = await admin.createRule({ name: 'spec-hidden', kind: 'exclude', match: { productIds: excluded } }, 'spec');
    // Scoped to a placement: not for these lists.
    const scoped = await admin.createRule({ name: 'home-only', kind: 'exclude', placement: 'home', match: { productIds: [popular[2]] } }, 'spec');
    try {
      const after = {
        popular: ids(await list('get_popular_products', { k: 6 })),
        similar: ids(await list('get_similar_products', { productId: shown, k: 6 })),
        together: ids(await list('get_frequently_bought_together', { productId: shown, k: 6 })),
      };
      for (const [name, items] of Object.entries(after)) {
        expect([name, items.length]).toEqual([name, 6]);
        expect([name, items.filter((id) => excluded.includes(id))]).toEqual([name, []]);
      }
      // The rest in order, the list filled behind them.
      const rest = popular.filter((id) => !excluded.includes(id));
      expect(after.popular.slice(0, rest.length)).toEqual(rest);
      // Re-arranging rules apply too: a global pin leads each list, named in its reason.
      const pinned = popular.slice(3).find((id) => !excluded.includes(id)) as string;
      const pin = await admin.createRule({ name: 'spec-pin', kind: 'pin', position: 1, match: { productIds: [pinned] } }, 'spec');
      try {
        expect((await list('get_popular_products', { k: 6 }))[0]).toMatchObject({ productId: pinned, reason: 'pinned:spec-pin' });
        expect((await list('get_similar_products', { productId: shown, k: 6 }))[0]).toMatchObject({ productId: pinned, reason: 'pinned:spec-pin' });
        // The product a list is about is never pinned into it.
        const self = await admin.createRule({ name: 'spec-self', kind: 'pin', position: 1, match: { productIds: [shown] } }, 'spec');
        expect(ids(await list('get_frequently_bought_together', { productId: shown, k: 6 }))).not.toContain(shown);
        await admin.deleteRule(self.id, 'spec');
      } finally {
        await admin.deleteRule(pin.id, 'spec');
      }
    } finally {
      await admin.deleteRule(exclude.id, 'spec');
      await admin.deleteRule(scoped.id, 'spec');
    }
    expect(ids(await list('get_popular_products', { k: 6 }))).toEqual(popular);
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
