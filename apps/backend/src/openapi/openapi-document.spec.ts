import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { API_CONTRACTS } from '../contracts/api-contracts';

describe('OpenAPI document and docs page', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('describes every /api route from its contract', async () => {
    const doc = await json(await fetch(`${server.url}/api/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    for (const c of API_CONTRACTS) {
      const p = c.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      expect([p, c.method, Boolean(doc.paths[p]?.[c.method])]).toEqual([p, c.method, true]);
    }
    const search = doc.paths['/api/products/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'minPrice', 'maxPrice', 'limit', 'offset']);
    expect(search.parameters[0]).toMatchObject({ in: 'query', required: true });
    expect(search.parameters[3]).toMatchObject({ required: false, schema: { default: 20, maximum: 100 } });
    // A tool-backed route documents its tool's own output schema.
    const recs = doc.paths['/api/users/{id}/recommendations'].get;
    expect(recs.responses['200'].content['application/json'].schema.properties).toHaveProperty('strategy');
    expect(recs.responses['403'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(doc.paths['/api/events'].post.requestBody.content['application/json'].schema.anyOf).toHaveLength(2);
    expect(Object.keys(doc.paths['/api/admin/import'].post.requestBody.content)).toEqual(['application/json', 'text/csv', 'application/gzip']);
    expect(doc.paths['/api/admin/train'].post.responses).toHaveProperty('202');
  });

  it('serves a docs page that renders the document with its own script', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="docs.js"');
    expect((await fetch(`${server.url}/docs.js`)).status).toBe(200);
  });
});
