import type { Server } from 'node:http';
import { createRecoClient, orThrow, RecoApiError } from '@reco/client';
import { startShopServer } from '@reco/client/examples/shop-server';
import { startRecommendationStack, type RecommendationStack } from '../__fixtures__/recommendation-stack';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

jest.setTimeout(60_000);

const CUSTOMER = '17850'; // in the sample

// @reco/client (types generated from the document, openapi-fetch) against the real app with the
// real recommendation tools over the sample database, and the example shop server on top of it.
describe('@reco/client and the example shop server, against a real backend', () => {
  let stack: RecommendationStack;
  let server: TestServer;
  let shop: Server | undefined;
  beforeAll(async () => {
    stack = await startRecommendationStack();
    server = await startTestServer({ services: stack.services, deps: { registry: stack.registry } });
  });
  afterAll(async () => {
    await new Promise((resolve) => (shop ? shop.close(resolve) : resolve(undefined)));
    await server?.close();
    await stack?.close();
  });

  const shopUrl = () => `http://127.0.0.1:${(shop?.address() as { port: number }).port}`;

  it("renders the names of the customer's home placement, as the backend lists them", async () => {
    shop = await startShopServer(createRecoClient({ baseUrl: `${server.url}/`, apiKey: server.serviceKey }));
    const page = await fetch(`${shopUrl()}/?customer=${CUSTOMER}`);
    const html = await page.text();
    expect([page.status, page.headers.get('x-reco-status')]).toEqual([200, null]);
    const direct = await json(await server.call(`/api/placements/home/recommendations?userId=${CUSTOMER}&k=6`));
    expect(direct.items.length).toBeGreaterThan(0);
    const shown = [...html.matchAll(/<li data-product="([^"]+)">/g)].map((m) => m[1]);
    expect(shown).toEqual(direct.items.map((i: { productId: string }) => i.productId));
    for (const item of direct.items as { title: string }[]) expect(html).toContain(item.title.replace(/&/g, '&#38;').replace(/'/g, '&#39;'));
    expect(html).toMatch(/data-recommendation="[0-9a-f-]{36}"/);
  });

  it('still renders the page when Reco refuses the key, and says why in a header', async () => {
    const badShop = await startShopServer(createRecoClient({ baseUrl: server.url, apiKey: 'reco_service_not-a-key' }));
    try {
      const page = await fetch(`http://127.0.0.1:${(badShop.address() as { port: number }).port}/?customer=${CUSTOMER}`);
      expect([page.status, page.headers.get('x-reco-status'), await page.text()]).toEqual([200, '401', '<h1>Welcome</h1>']);
    } finally {
      await new Promise((resolve) => badShop.close(resolve));
    }
  });

  it('sends typed queries (a list too) and bodies, and throws the API error body', async () => {
    const reco = createRecoClient({ baseUrl: server.url, apiKey: server.serviceKey });
    const first = orThrow(await reco.GET('/api/users/{id}/recommendations', { params: { path: { id: CUSTOMER }, query: { k: 4 } } }));
    const excluded = first.items.slice(0, 2).map((i) => i.productId);
    const rest = orThrow(await reco.GET('/api/users/{id}/recommendations', { params: { path: { id: CUSTOMER }, query: { k: 4, excludeProductIds: excluded } } }));
    expect(rest.items.map((i) => i.productId)).not.toEqual(expect.arrayContaining([excluded[0]]));
    expect(rest.items.map((i) => i.productId)).not.toContain(excluded[1]);

    const called = orThrow(
      await reco.POST('/api/tools/{name}', { params: { path: { name: 'get_placement_recommendations' } }, body: { placement: 'home', userId: CUSTOMER, k: 3 } }),
    );
    expect(called.ok).toBe(true);
    expect((called.data as { items: unknown[] }).items).toHaveLength(3);

    // A service key may not read admin routes: 403 with the API's error body.
    const other = await reco.GET('/api/admin/jobs', { params: { query: { limit: 5 } } });
    expect(other.response.status).toBe(403);
    expect(() => orThrow(other)).toThrow(RecoApiError);
    expect(() => orThrow(other)).toThrow(/403 FORBIDDEN/);
  });
});
