import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

// What the radix-tree API routes must keep of Express's routing: HEAD for GET routes, unknown
// paths behind authentication, the admin guard from the contract, and metrics by route pattern.
describe('API routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ toolDelayMs: 1 });
  });
  afterAll(() => server.close());

  it('answers HEAD on a GET route with its headers and no body', async () => {
    const res = await server.call('/api/products/85123A', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await res.text()).toBe('');
  });

  it('asks for a key before saying an unknown API path does not exist', async () => {
    expect((await server.call('/api/nothing-here', { as: null })).status).toBe(401);
    const missing = await server.call('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('NOT_FOUND');
    // A known path with a method it does not answer is not found either, as with Express.
    expect((await server.call('/api/products/85123A', { method: 'DELETE' })).status).toBe(404);
  });

  it('serves the API description without a key', async () => {
    const res = await server.call('/api/openapi.json', { as: null });
    expect(res.status).toBe(200);
    expect((await json(res)).openapi).toBe('3.1.0');
  });

  it('refuses admin routes to a service key, from the contract alone', async () => {
    const refused = await server.call('/api/admin/jobs');
    expect(refused.status).toBe(403);
    expect((await server.call('/api/admin/jobs', { as: server.adminKey })).status).toBe(200);
  });

  it('labels latency by route pattern, never by the raw path', async () => {
    await server.call('/api/users/17850/recommendations?k=2');
    await server.call('/api/nothing-here');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/reco_http_request_duration_seconds_count\{route="\/api\/users\/:id\/recommendations",method="GET",status="200"\} 1/);
    expect(text).toMatch(/reco_http_request_duration_seconds_count\{route="\/api\/unmatched",method="GET",status="404"\} [1-9]/);
    expect(text).not.toContain('17850');
  });
});
