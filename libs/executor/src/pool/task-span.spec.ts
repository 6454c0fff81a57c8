import path from 'node:path';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncExecutor } from '../index';

const fixture = (file: string) => path.join(__dirname, '..', '__fixtures__', 'tasks', file);

describe('AsyncExecutor spans (with a tracing SDK registered)', () => {
  const exporter = new InMemorySpanExporter();
  let executor: AsyncExecutor;

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    executor = new AsyncExecutor({ threads: 1, maxHeapMb: 64 });
    executor.registerTask('double-js', fixture('plain/double.task.js'));
    executor.registerTask('fail', fixture('failing.task.ts'));
  });
  afterAll(async () => {
    await executor.close();
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('runs each task in a span that is a child of the caller’s span', async () => {
    const parent = trace.getTracer('spec').startSpan('caller');
    await context.with(trace.setSpan(context.active(), parent), () => Promise.all([executor.run('double-js', { value: 1 }), executor.run('double-js', { value: 2 })]));
    parent.end();
    const tasks = exporter.getFinishedSpans().filter((s) => s.name === 'executor double-js');
    expect(tasks).toHaveLength(2);
    for (const span of tasks) {
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.attributes['executor.task']).toBe('double-js');
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    }
  });

  it('makes no span for a task run outside any span (startup work, and everything when no SDK runs)', async () => {
    await executor.run('double-js', { value: 3 });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('marks the span of a failed task as an error, with its code', async () => {
    const parent = trace.getTracer('spec').startSpan('caller');
    await expect(context.with(trace.setSpan(context.active(), parent), () => executor.run('fail', { message: 'boom' }))).rejects.toThrow();
    parent.end();
    const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'executor fail');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['executor.error_code']).toBe('TASK_FAILED');
  });
});
