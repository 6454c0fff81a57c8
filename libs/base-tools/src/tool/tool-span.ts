import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { TOOL_ERROR_HTTP_STATUS } from './tool-error';
import type { ToolResult } from './tool-result';

const tracer = trace.getTracer('@reco/base-tools');

/** The attributes of a `tool <name>` span. */
export const TOOL_SPAN_ATTRIBUTES = {
  tool: 'reco.tool',
  ok: 'reco.tool.ok',
  errorCode: 'reco.tool.error_code',
  /** Set (true) when the tool's in-memory answer (`Tool.cached`) served the call. */
  cached: 'reco.tool.cached',
} as const;

/** A name no registered tool has: the caller's text stays out of the trace. */
const UNKNOWN = '(unknown)';

/**
 * Runs one registry call in a `tool <name>` span, a child of the active one, and ends it with
 * the call's outcome. Only server-side failures (a 5xx at the HTTP edge: TOOL_FAILED, BAD_OUTPUT,
 * TIMEOUT, UNAVAILABLE) set the status to ERROR, as OTel's HTTP server convention does; a refused
 * or malformed call is the client's error and is recorded only as its code.
 */
export function inToolSpan<T>(knownName: string | undefined, call: (span: Span) => Promise<ToolResult<T>>): Promise<ToolResult<T>> {
  const attributes = knownName === undefined ? {} : { [TOOL_SPAN_ATTRIBUTES.tool]: knownName };
  return tracer.startActiveSpan(`tool ${knownName ?? UNKNOWN}`, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      const result = await call(span);
      span.setAttribute(TOOL_SPAN_ATTRIBUTES.ok, result.ok);
      if (!result.ok) {
        span.setAttribute(TOOL_SPAN_ATTRIBUTES.errorCode, result.error.code);
        if (TOOL_ERROR_HTTP_STATUS[result.error.code] >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.code });
      }
      return result;
    } catch (err) {
      // invoke answers every failure as a result; this is a defect in the registry itself.
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

export function markCachedAnswer(span: Span | undefined): void {
  span?.setAttribute(TOOL_SPAN_ATTRIBUTES.cached, true);
}
