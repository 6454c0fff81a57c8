import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

describe('metrics', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('exposes HTTP latency by route pattern, tool latency and errors, and cache counters', async () => {
    await server.call('/api/products/85123A');
    await server.call('/api/products/71053');
    await server.call('/api/products/NOPE1');
    await server.cache.getOrLoad('k', async () => 1);
    await server.cache.get('k');
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{route="\/api\/products\/:id",method="GET",status="200"\} 2/);
    expect(text).toMatch(/http_request_duration_seconds_count\{route="\/api\/products\/:id",method="GET",status="404"\} 1/);
    expect(text).not.toContain('route="/api/products/85123A"');
    expect(text).toMatch(/tool_call_duration_seconds_count\{tool="get_product",ok="true"\} 2/);
    expect(text).toMatch(/tool_errors_total\{tool="get_product",code="NOT_FOUND"\} 1/);
    expect(text).toMatch(/cache_hits_total 1/);
    expect(text).toMatch(/cache_misses_total 1/);
  });

  it('summarises rate, p95 and cache hit rate for the dashboard (staff only)', async () => {
    const first = await json(await server.call('/api/metrics/summary'));
    expect(first).toMatchObject({ p95Ms: expect.any(Number), cacheHitRate: 0.5, toolCalls: expect.any(Number) });
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 5; i++) await server.call('/api/popular');
    const second = await json(await server.call('/api/metrics/summary'));
    expect(second.requestsPerSecond).toBeGreaterThan(0);
    expect((await server.call('/api/metrics/summary', { as: (await server.tokens.issue('1')).token })).status).toBe(403);
  });

  it('can require an admin key for /metrics', async () => {
    const closed = await startTestServer({ deps: { metricsPublic: false } });
    try {
      expect((await fetch(`${closed.url}/metrics`)).status).toBe(401);
      expect((await closed.call('/metrics')).status).toBe(403);
      expect((await closed.call('/metrics', { as: closed.adminKey })).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});
