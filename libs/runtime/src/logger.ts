import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config';

/** Credentials that request logs must never carry (pino-http logs request and response headers). */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/**
 * The active span's ids, so a log line leads to its trace. Without a tracing SDK no context
 * manager is registered, no span is ever active, and this adds nothing.
 */
export function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  // A fresh object each time: pino merges the line's own fields into it.
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** JSON logs on stdout; one line per event, with the request id bound by the HTTP layer and the trace ids when a span is active. */
export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, name = 'reco', destination?: DestinationStream): Logger {
  const options = { name, level: config.LOG_LEVEL, base: { pid: process.pid }, redact: { paths: REDACTED_LOG_PATHS }, mixin: traceFields };
  return destination ? pino(options, destination) : pino(options);
}
