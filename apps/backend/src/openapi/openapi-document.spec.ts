import { TOOL_ERROR_HTTP_STATUS } from '@reco/base-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { servedRoutesOf } from '../app';
import { API_CONTRACTS } from '../contracts/api-contracts';

describe('OpenAPI document and docs page', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('describes every route the app serves, and serves every route it describes', async () => {
    const doc = await json(await fetch(`${server.url}/api/openapi.json`));
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{([A-Za-z_]+)\}/g, ':$1')}`),
    );
    const served = servedRoutesOf(server.app);
    expect(served.length).toBeGreaterThan(50);
    expect(served.filter((r) => !described.includes(r))).toEqual([]);
    expect(described.filter((r) => !served.includes(r))).toEqual([]);
  });

  it('describes the tools, MCP, health and metrics routes, the train body, the license and the credentials', async () => {
    const doc = await json(await fetch(`${server.url}/api/openapi.json`));
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['apiKey', 'customerToken', 'oauthAccessToken']);
    expect(doc.paths['/api/admin/jobs'].post.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/api/users/{id}/profile'].get.security).toEqual([{ apiKey: [] }, { customerToken: [] }]);
    expect(doc.paths['/health/live'].get.security).toEqual([]);
    const tools = doc.paths['/api/tools'].get.responses['200'].content['application/json'].schema;
    expect(tools.properties.tools.items.required).toEqual(expect.arrayContaining(['name', 'inputSchema', 'outputSchema']));
    const invoke = doc.paths['/api/tools/{name}'].post;
    expect(invoke.requestBody.required).toBe(false);
    expect(invoke.responses['404'].content['application/json'].schema.properties.ok.const).toBe(false);
    expect(invoke.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    // Every status a tool's failure can answer with is documented on the call (499: the client left, nobody reads it).
    for (const status of new Set(Object.values(TOOL_ERROR_HTTP_STATUS).filter((s) => s !== 499))) expect([status, invoke.responses[String(status)] !== undefined]).toEqual([status, true]);
    const mcp = doc.paths['/mcp'].post;
    expect(mcp.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['jsonrpc', 'method'] });
    expect(Object.keys(mcp.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429']));
    // Only /mcp takes OAuth access tokens; its metadata is public.
    expect(mcp.security).toEqual([{ apiKey: [] }, { customerToken: [] }, { oauthAccessToken: [] }]);
    const metadata = doc.paths['/.well-known/oauth-protected-resource/mcp'].get;
    expect(metadata).toMatchObject({ operationId: 'getWellKnownOauthProtectedResourceMcp', security: [] });
    expect(metadata.responses['200'].content['application/json'].schema.required).toEqual(expect.arrayContaining(['resource', 'authorization_servers']));
    expect(Object.keys(metadata.responses)).toEqual(['200', '404']);
    expect(Object.keys(doc.paths['/metrics'].get.responses['200'].content)).toEqual(['text/plain']);
    expect(doc.paths['/health/ready'].get.responses['503'].content['application/json'].schema.properties).toHaveProperty('checks');
    const train = doc.paths['/api/admin/train'].post;
    expect(train.requestBody).toMatchObject({ required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } });
    expect(train.responses['202'].content['application/json'].schema.properties).toHaveProperty('job');
  });

  it('describes every /api route from its contract', async () => {
    const doc = await json(await fetch(`${server.url}/api/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    for (const c of API_CONTRACTS) {
      const p = c.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      expect([p, c.method, Boolean(doc.paths[p]?.[c.method])]).toEqual([p, c.method, true]);
    }
    const search = doc.paths['/api/products/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'minPrice', 'maxPrice', 'category', 'tag', 'limit', 'offset']);
    expect(search.parameters[0]).toMatchObject({ in: 'query', required: true });
    expect(search.parameters[5]).toMatchObject({ name: 'limit', required: false, schema: { default: 20, maximum: 100 } });
    // A tool-backed route documents its tool's own output schema.
    const recs = doc.paths['/api/users/{id}/recommendations'].get;
    expect(recs.responses['200'].content['application/json'].schema.properties).toHaveProperty('strategy');
    expect(recs.responses['403'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(doc.paths['/api/events'].post.requestBody.content['application/json'].schema.anyOf).toHaveLength(2);
    expect(Object.keys(doc.paths['/api/admin/import'].post.requestBody.content)).toEqual(['application/json', 'text/csv', 'application/gzip']);
    expect(doc.paths['/api/admin/train'].post.responses).toHaveProperty('202');
  });

  it("documents the shop's writes: bodies, per-record answers, limits and statuses", async () => {
    const doc = await json(await fetch(`${server.url}/api/openapi.json`));
    const products = doc.paths['/api/catalog/products'].put;
    const batch = products.requestBody.content['application/json'].schema.properties.products;
    expect(batch).toMatchObject({ type: 'array', minItems: 1, maxItems: 1000 });
    expect(Object.keys(batch.items.properties)).toEqual(expect.arrayContaining(['id', 'title', 'price', 'categories', 'tags', 'available', 'recommendable', 'imageUrl']));
    expect(batch.items.required).toEqual(expect.arrayContaining(['id', 'title', 'price']));
    expect(Object.keys(products.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '413']));
    expect(products.responses['200'].content['application/json'].schema.properties).toHaveProperty('results');
    expect(Object.keys(doc.paths['/api/catalog/products/{id}'].delete.responses)).toEqual(expect.arrayContaining(['200', '403', '404']));
    expect(doc.paths['/api/customers'].put.requestBody.content['application/json'].schema.properties.customers.items.properties).toHaveProperty('attributes');
    const events = doc.paths['/api/events'].post;
    expect(events.requestBody.content['application/json'].schema.anyOf[0].properties.events.items.properties).toHaveProperty('sessionId');
    expect(Object.keys(events.responses)).toEqual(expect.arrayContaining(['201', '409', '413']));
    const session = doc.paths['/api/sessions/{sessionId}/recommendations'].get;
    expect(session.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:sessionId',
      'query:k',
      'query:excludeProductIds',
      'query:category',
      'query:tag',
      'query:minPrice',
      'query:maxPrice',
      'query:includeUnavailable',
    ]);
  });

  it('documents the merchandising admin API and the placement route', async () => {
    const doc = await json(await fetch(`${server.url}/api/openapi.json`));
    const createRule = doc.paths['/api/admin/rules'].post;
    expect(createRule.tags).toEqual(['merchandising']);
    expect(Object.keys(createRule.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '503']));
    const ruleBody = createRule.requestBody.content['application/json'].schema;
    expect(ruleBody.properties.kind.enum).toEqual(['exclude', 'include-only', 'boost', 'bury', 'pin']);
    expect(ruleBody.required).toEqual(expect.arrayContaining(['name', 'kind', 'match']));
    expect(createRule.responses['201'].content['application/json'].schema.properties).toHaveProperty('createdBy');
    expect(Object.keys(doc.paths['/api/admin/rules/{id}'])).toEqual(['get', 'put', 'delete']);
    expect(doc.paths['/api/admin/rules/{id}'].delete.responses).toHaveProperty('204');
    expect(Object.keys(doc.paths['/api/admin/placements/{name}'])).toEqual(['get', 'put']);
    expect(doc.paths['/api/admin/experiments/{id}'].put.responses).toHaveProperty('409');
    const report = doc.paths['/api/admin/experiments/{id}/report'].get.responses['200'].content['application/json'].schema;
    expect(report.properties.arms.items.required).toEqual(expect.arrayContaining(['exposures', 'shoppers', 'clicks', 'ctr', 'carts', 'purchases', 'revenuePerShopper']));
    expect(doc.paths['/api/admin/merchandising/changes'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['kind', 'objectId', 'limit']);

    const placement = doc.paths['/api/placements/{name}/recommendations'].get;
    const parameters = placement.parameters as { name: string; in: string; style?: string }[];
    expect(parameters[0]).toMatchObject({ name: 'name', in: 'path' });
    expect(parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['userId', 'sessionId', 'productId', 'cartProductIds', 'k', 'tag', 'includeUnavailable']));
    expect(parameters.find((p) => p.name === 'cartProductIds')).toMatchObject({ style: 'form', explode: false });
  });

  it('serves a docs page: Swagger UI from node_modules with its own initializer', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="docs.js"');
    expect((await fetch(`${server.url}/docs.js`)).status).toBe(200);
    // Swagger UI from node_modules: the two files the page loads, nothing else of the package.
    const bundle = await fetch(`${server.url}/docs/swagger-ui/swagger-ui-bundle.js`);
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
    expect((await fetch(`${server.url}/docs/swagger-ui/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${server.url}/docs/swagger-ui/swagger-initializer.js`)).status).toBe(404);
  });
});
