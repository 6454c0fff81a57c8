import { setTimeout as sleep } from 'node:timers/promises';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { defineTool } from './define-tool';
import { ToolError } from './tool-error';
import { ToolRegistry } from './tool-registry';

const tracer = () => trace.getTracer('spec');

/** Waits `ms`, and says which span was active while it ran (its own work would nest there). */
const slow = defineTool({
  name: 'slow',
  description: 'Waits, then names the span it ran under',
  input: z.object({ ms: z.number() }),
  output: z.object({ activeSpanId: z.string() }),
  execute: async ({ ms }, ctx) => {
    await sleep(ms, undefined, { signal: ctx.signal });
    return { activeSpanId: trace.getActiveSpan()?.spanContext().spanId ?? 'none' };
  },
});

const broken = defineTool({
  name: 'broken',
  description: 'Always throws',
  input: z.object({}),
  output: z.object({}),
  execute: async () => {
    throw new Error('disk on fire');
  },
});

const missing = defineTool({
  name: 'missing',
  description: 'Throws NOT_FOUND',
  input: z.object({}),
  output: z.object({}),
  execute: async () => {
    throw ToolError.notFound('Thing', 'x');
  },
});

const memoized = defineTool({
  name: 'memoized',
  description: 'Answers n = 1 from memory',
  access: 'staff',
  input: z.object({ n: z.number() }),
  output: z.object({ n: z.number() }),
  execute: async ({ n }) => ({ n }),
  cached: ({ n }) => (n === 1 ? { n } : undefined),
});

describe('a span per tool call (with a tracing SDK registered)', () => {
  const exporter = new InMemorySpanExporter();
  const registry = new ToolRegistry({ defaultTimeoutMs: 1_000 }).register(slow, broken, missing, memoized);
  const admin = { caller: { kind: 'admin', keyId: 'spec' } } as const;

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  /** Runs `fn` under a fresh `caller` span and returns the spans it finished besides that one. */
  async function under<T>(fn: () => Promise<T>): Promise<{ result: T; parent: ReadableSpan; spans: ReadableSpan[] }> {
    const parentSpan = tracer().startSpan('caller');
    const result = await context.with(trace.setSpan(context.active(), parentSpan), fn);
    parentSpan.end();
    const finished = exporter.getFinishedSpans();
    const parent = finished.find((s) => s.name === 'caller') as ReadableSpan;
    return { result, parent, spans: finished.filter((s) => s !== parent) };
  }

  const toolSpan = (spans: ReadableSpan[], name: string) => {
    const found = spans.filter((s) => s.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('makes one `tool <name>` span per call, a child of the active span, under which the tool runs', async () => {
    const { result, parent, spans } = await under(() => registry.invoke<{ activeSpanId: string }>('slow', { ms: 5 }, admin));
    const span = toolSpan(spans, 'tool slow');
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(span.attributes).toEqual({ 'reco.tool': 'slow', 'reco.tool.ok': true });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    // The tool's own spans (database, cache) nest under the call's.
    expect(result.ok && result.data.activeSpanId).toBe(span.spanContext().spanId);
  });

  it('gives concurrent calls spans of their own that overlap in time', async () => {
    const { parent, spans } = await under(() => Promise.all([registry.invoke('slow', { ms: 40 }, admin), registry.invoke('slow', { ms: 40 }, admin)]));
    expect(spans).toHaveLength(2);
    expect(spans.every((s) => s.name === 'tool slow' && s.parentSpanContext?.spanId === parent.spanContext().spanId)).toBe(true);
    const [a, b] = spans.map((s) => ({ start: toMs(s.startTime), end: toMs(s.endTime) }));
    expect(a.start < b.end && b.start < a.end).toBe(true);
  });

  it('makes no span for a call outside any span (startup work, and every call when no SDK runs)', async () => {
    const result = await registry.invoke<{ activeSpanId: string }>('slow', { ms: 1 }, admin);
    expect(result.ok && result.data.activeSpanId).toBe('none');
    await registry.invoke('broken', {}, admin);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('marks a server-side failure as an error, with its code', async () => {
    const { spans } = await under(() => Promise.all([registry.invoke('broken', {}, admin), registry.invoke('slow', { ms: 500 }, admin, { timeoutMs: 10 })]));
    for (const [name, code] of [['tool broken', 'TOOL_FAILED'], ['tool slow', 'TIMEOUT']]) {
      const span = toolSpan(spans, name);
      expect(span.attributes).toMatchObject({ 'reco.tool.ok': false, 'reco.tool.error_code': code });
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: code });
    }
  });

  it("records a client's error by its code only, without the error status (as an HTTP 4xx)", async () => {
    const { spans } = await under(() =>
      Promise.all([registry.invoke('missing', {}, admin), registry.invoke('slow', { ms: 'soon' }, admin), registry.invoke('memoized', { n: 1 })]),
    );
    for (const [name, code] of [['tool missing', 'NOT_FOUND'], ['tool slow', 'BAD_INPUT'], ['tool memoized', 'FORBIDDEN']]) {
      const span = toolSpan(spans, name);
      expect(span.attributes).toMatchObject({ 'reco.tool.ok': false, 'reco.tool.error_code': code });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    }
  });

  it('says when the in-memory answer served the call, and only then', async () => {
    const hit = await under(() => registry.invoke('memoized', { n: 1 }, admin));
    expect(toolSpan(hit.spans, 'tool memoized').attributes).toEqual({ 'reco.tool': 'memoized', 'reco.tool.ok': true, 'reco.tool.cached': true });
    exporter.reset();
    const miss = await under(() => registry.invoke('memoized', { n: 2 }, admin));
    expect(toolSpan(miss.spans, 'tool memoized').attributes).not.toHaveProperty('reco.tool.cached');
  });

  it('keeps an unknown name, which is the caller’s text, out of the trace', async () => {
    const { spans } = await under(() => registry.invoke('customer_17850_secret', {}, admin));
    const span = toolSpan(spans, 'tool (unknown)');
    expect(span.attributes).toEqual({ 'reco.tool.ok': false, 'reco.tool.error_code': 'UNKNOWN_TOOL' });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });
});

function toMs([seconds, nanos]: [number, number]): number {
  return seconds * 1_000 + nanos / 1e6;
}
