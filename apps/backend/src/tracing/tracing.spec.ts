import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closedPort } from '@reco/async-cache/testing';
import { sampleDatabaseCopy } from '@reco/data/testing';
import { startBackendProcess, type BackendProcess } from '../__fixtures__/backend-process';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../__fixtures__/otlp-receiver';

// Real processes from source (every lib, TF.js): slow on a busy machine.
jest.setTimeout(180_000);

const ADMIN_KEY = 'reco_admin_tracing-spec-admin-key-000000000000000';
const API_KEYS = `spec-admin:admin:${createHash('sha256').update(ADMIN_KEY).digest('hex')}`;
const SPAN_KIND_SERVER = 2;

const chat = (backend: BackendProcess, message: string) =>
  fetch(`${backend.url}/api/agent/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    // A customer of the sample.
    body: JSON.stringify({ message, userId: '17850' }),
  });

/** Submits a job and waits for it to settle. */
async function runJob(backend: BackendProcess, kind: string): Promise<{ id: string; status: string }> {
  const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const submitted = await fetch(`${backend.url}/api/admin/jobs`, { method: 'POST', headers, body: JSON.stringify({ kind }) });
  expect(submitted.status).toBe(202);
  const { job } = (await submitted.json()) as { job: { id: string } };
  for (;;) {
    const view = (await (await fetch(`${backend.url}/api/admin/jobs/${job.id}`, { headers })).json()) as { id: string; status: string };
    if (view.status !== 'queued' && view.status !== 'running') return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One MCP tools/call as a 2026-07-28 client sends it. */
const mcpToolCall = (backend: BackendProcess, name: string, args: Record<string, unknown>) =>
  fetch(`${backend.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name,
        arguments: args,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'tracing-spec', version: '1.0.0' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });

/** Whether `span` sits below `ancestor` in `spans`. */
function isBelow(span: ReceivedSpan, ancestor: ReceivedSpan, spans: readonly ReceivedSpan[]): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let parent = span.parentSpanId; parent !== undefined; parent = byId.get(parent)?.parentSpanId) {
    if (parent === ancestor.spanId) return true;
  }
  return false;
}

const overlap = (a: ReceivedSpan, b: ReceivedSpan) => a.start < b.end && b.start < a.end;

describe('tracing over OTLP/HTTP', () => {
  const dirs: { remove(): void }[] = [];
  const backendEnv = async (endpoint: string) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reco-tracing-'));
    const database = await sampleDatabaseCopy();
    dirs.push({ remove: () => rmSync(dataDir, { recursive: true, force: true }) }, database);
    return {
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      API_KEYS,
      EXECUTOR_THREADS: '1',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      // Nothing goes out on a schedule during the test: what the receiver gets, SIGTERM flushed.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      // The unreachable receiver's export gives up soon.
      OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
    };
  };
  let receiver: OtlpReceiver;
  let traced: BackendProcess | undefined;
  let unreachable: BackendProcess | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const [tracedEnv, unreachableEnv] = await Promise.all([backendEnv(receiver.url), closedPort().then((port) => backendEnv(`http://127.0.0.1:${port}`))]);
    [traced, unreachable] = await Promise.all([startBackendProcess(tracedEnv), startBackendProcess(unreachableEnv)]);
  });
  afterAll(async () => {
    await Promise.all([traced?.stop(), unreachable?.stop()]);
    await receiver?.close();
    for (const dir of dirs) dir.remove();
  });

  it("exports an agent turn as one trace, flushed by SIGTERM: HTTP, route, turn, overlapping tool calls, cache and database below them; a job as a trace of its own", async () => {
    const backend = traced as BackendProcess;
    const res = await chat(backend, 'recommend me something for under 5 pounds and show my segment');
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { toolCalls: { name: string }[] };
    expect(answer.toolCalls.length).toBeGreaterThanOrEqual(2);
    const job = await runJob(backend, 'segment');
    expect(job.status).toBe('succeeded');
    // A shopper named in the path and the query.
    const listed = await fetch(`${backend.url}/api/users/17850/recommendations?k=3&excludeProductIds=85123A`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(listed.status).toBe(200);
    // A tool called over MCP.
    const mcpCall = await mcpToolCall(backend, 'get_product', { productId: '85123A' });
    expect(mcpCall.status).toBe(200);
    expect(JSON.stringify(await mcpCall.json())).toContain('85123A');

    expect(await backend.stop()).toBe(0);
    expect(receiver.contentTypes.length).toBeGreaterThan(0);
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);

    const servers = receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER && s.attributes['http.route'] === '/api/agent/chat');
    expect(servers).toHaveLength(1);
    const [server] = servers;
    expect(server).toMatchObject({ name: 'POST /api/agent/chat', service: 'reco-backend' });
    expect(server.parentSpanId).toBeUndefined();
    const spans = receiver.spans.filter((s) => s.traceId === server.traceId);

    const route = spans.find((s) => s.name === 'route POST /api/agent/chat');
    expect(route && isBelow(route, server, spans)).toBe(true);
    const turns = spans.filter((s) => s.name === 'agent turn');
    expect(turns).toHaveLength(1);
    expect(isBelow(turns[0], route as ReceivedSpan, spans)).toBe(true);

    // Every tool call of the answer is a span, a child of the turn; concurrent ones overlap.
    const tools = spans.filter((s) => s.name.startsWith('tool '));
    expect(tools.map((s) => s.attributes['reco.tool']).sort()).toEqual(answer.toolCalls.map((c) => c.name).sort());
    expect(tools.every((s) => s.parentSpanId === turns[0].spanId)).toBe(true);
    const overlapping = tools.flatMap((a, i) => tools.slice(i + 1).filter((b) => overlap(a, b)));
    expect(overlapping.length).toBeGreaterThanOrEqual(1);

    const belowATool = (s: ReceivedSpan) => tools.some((tool) => isBelow(s, tool, spans));
    const caches = spans.filter((s) => s.name === 'cache getOrLoad' && belowATool(s));
    expect(caches.length).toBeGreaterThan(0);
    expect(caches.every((s) => ['hit', 'stale', 'miss'].includes(String(s.attributes['cache.outcome'])))).toBe(true);
    const queries = spans.filter((s) => s.name === 'prisma:client:db_query' && belowATool(s));
    expect(queries.length).toBeGreaterThan(0);
    expect(String(queries[0].attributes['db.query.text'])).toMatch(/^SELECT /);
    // A query a cache load ran sits under that cache span.
    expect(queries.some((q) => caches.some((c) => isBelow(q, c, spans)))).toBe(true);

    // The request's log line carries the trace's id.
    const requestLog = backend
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string }; trace_id?: string; span_id?: string })
      .find((line) => line.msg === 'request completed' && line.req?.url === '/api/agent/chat');
    expect(requestLog).toMatchObject({ trace_id: server.traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });

    // No span names the shopper: paths become their route's pattern, queries and peers are redacted.
    const named = receiver.spans.filter((s) => Object.values(s.attributes).some((value) => String(value).includes('17850')));
    expect(named.map((s) => s.name)).toEqual([]);
    const listing = receiver.spans.find((s) => s.kind === SPAN_KIND_SERVER && s.attributes['http.route'] === '/api/users/:id/recommendations');
    expect(listing?.attributes['url.path'] ?? listing?.attributes['http.target']).toBe('/api/users/:id/recommendations');

    // A tool called over MCP is a span too, in the trace of its /mcp request.
    const mcpServers = receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER && s.name.startsWith('POST /mcp'));
    expect(mcpServers).toHaveLength(1);
    const mcpTrace = receiver.spans.filter((s) => s.traceId === mcpServers[0].traceId);
    const mcpTools = mcpTrace.filter((s) => s.name.startsWith('tool '));
    expect(mcpTools.map((s) => [s.name, s.attributes['reco.tool.ok']])).toEqual([['tool get_product', true]]);
    expect(isBelow(mcpTools[0], mcpServers[0], mcpTrace)).toBe(true);

    // The job ran as a trace of its own, its worker-pool task below it.
    const jobSpans = receiver.spans.filter((s) => s.name === 'job segment' && s.attributes['reco.job.id'] === job.id);
    expect(jobSpans).toHaveLength(1);
    expect(jobSpans[0].parentSpanId).toBeUndefined();
    expect(jobSpans[0].traceId).not.toBe(server.traceId);
    const jobTrace = receiver.spans.filter((s) => s.traceId === jobSpans[0].traceId);
    expect(jobTrace.some((s) => s.name.startsWith('executor ') && isBelow(s, jobSpans[0], jobTrace))).toBe(true);
  });

  it('stops with exit code 0 when the receiver is unreachable at shutdown, and says so in the log', async () => {
    const backend = unreachable as BackendProcess;
    expect((await chat(backend, 'a white lantern please')).status).toBe(200);
    expect(await backend.stop()).toBe(0);
    expect(backend.output()).toContain('could not export the last traces');
  });
});
