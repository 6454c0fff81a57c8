import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { Request, Response } from 'express';

const tracer = trace.getTracer('@reco/backend');

/**
 * Runs a matched API route in its own span, named after the route's pattern, from the match to the
 * response's close; the HTTP server span (instrumentation-http) gets the pattern as its name and
 * `http.route` too. The API routes are not Express's router, so the Express instrumentation
 * cannot name them.
 */
export function runInRouteSpan(req: Request, res: Response, pattern: string, run: () => void): void {
  const name = `${req.method} ${pattern}`;
  // Read by instrumentation-http as the server span ends: its name and `http.route`.
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP) rpc.route = pattern;
  tracer.startActiveSpan(`route ${name}`, { attributes: { 'http.route': pattern, 'http.request.method': req.method } }, (span) => {
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    run();
  });
}
