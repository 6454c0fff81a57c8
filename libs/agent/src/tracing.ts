import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@reco/agent');

/**
 * Runs `fn` in a new active span, a child of the current one, and ends it when `fn` settles; a
 * rejection marks the span as an error. Outside any span it is a plain call (`span` undefined):
 * without a tracing SDK no span is ever active (no context manager), so the hot paths allocate
 * nothing for tracing, not even the no-op tracer's spans.
 */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span | undefined) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  if (!trace.getActiveSpan()) return fn(undefined);
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}
