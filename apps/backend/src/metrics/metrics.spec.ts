import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { AppMetrics } from './metrics';

/** The sample lines of one metric in an exposition, without help and type lines. */
const seriesOf = (text: string, metric: string) => text.split('\n').filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `));

describe('metric labels clients cannot multiply', () => {
  it('counts calls to tool names nobody registered under one label value', async () => {
    const echo = defineTool({
      name: 'echo',
      description: 'Answers its input',
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
      execute: async (input) => input,
    });
    const registry = new ToolRegistry().register(echo);
    const metrics = new AppMetrics({ tools: registry });
    try {
      await registry.invoke('echo', { text: 'hi' });
      await registry.invoke('no_such_tool', {});
      await registry.invoke('test_image_content', {});
      await registry.invoke(`made_up_${Date.now()}`, {});
      const text = await metrics.text();
      expect(seriesOf(text, 'reco_tool_call_duration_seconds_count').sort()).toEqual([
        'reco_tool_call_duration_seconds_count{tool="echo",ok="true"} 1',
        'reco_tool_call_duration_seconds_count{tool="unknown",ok="false"} 3',
      ]);
      expect(seriesOf(text, 'reco_tool_errors_total')).toEqual(['reco_tool_errors_total{tool="unknown",code="UNKNOWN_TOOL"} 3']);
      expect(text).not.toMatch(/no_such_tool|test_image_content|made_up_/);
    } finally {
      metrics.close();
    }
  });

  it('labels unknown tools over HTTP and MCP alike, /mcp and /mcp/ as one route, and odd methods as other', async () => {
    const server = await startTestServer();
    const mcp = new Client({ name: 'metrics-spec', version: '1.0.0' });
    try {
      expect((await server.call('/api/tools/no_such_tool', { json: {} })).status).toBe(404);
      expect((await server.call('/api/tools/test_image_content', { json: {} })).status).toBe(404);
      await mcp.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/`), { requestInit: { headers: { Authorization: `Bearer ${server.serviceKey}` } } }));
      // An unknown tool is a protocol error over MCP (-32602), counted like one over HTTP.
      await expect(mcp.callTool({ name: 'mcp_made_up_tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
      await server.call('/mcp', { as: null, method: 'POST' });
      await server.call('/mcp/', { as: null, method: 'POST' });
      await server.call('/api/products/85123A', { method: 'PROPFIND' });
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).not.toMatch(/no_such_tool|test_image_content|mcp_made_up_tool/);
      expect(seriesOf(text, 'reco_tool_errors_total')).toEqual(['reco_tool_errors_total{tool="unknown",code="UNKNOWN_TOOL"} 3']);
      const routes = new Set(seriesOf(text, 'reco_http_request_duration_seconds_count').map((line) => /route="([^"]*)"/.exec(line)?.[1]));
      expect([...routes].filter((route) => route?.startsWith('/mcp'))).toEqual(['/mcp']);
      expect(text).toMatch(/reco_http_request_duration_seconds_count\{route="\/api\/unmatched",method="other",status="\d+"\} 1/);
      expect(text).not.toContain('PROPFIND');
    } finally {
      await mcp.close();
      await server.close();
    }
  });
});

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
    expect(text).toMatch(/reco_http_request_duration_seconds_count\{route="\/api\/products\/:id",method="GET",status="200"\} 2/);
    expect(text).toMatch(/reco_http_request_duration_seconds_count\{route="\/api\/products\/:id",method="GET",status="404"\} 1/);
    expect(text).not.toContain('route="/api/products/85123A"');
    expect(text).toMatch(/reco_tool_call_duration_seconds_count\{tool="get_product",ok="true"\} 2/);
    expect(text).toMatch(/reco_tool_errors_total\{tool="get_product",code="NOT_FOUND"\} 1/);
    expect(text).toMatch(/reco_cache_hits_total 1/);
    expect(text).toMatch(/reco_cache_misses_total 1/);
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
