import type { ErrorRequestHandler, RequestHandler } from 'express';
import { dependencyFailureOf } from '@reco/base-tools';
import { HttpError } from './http-error';

/** Unknown route: JSON 404, like every other error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(HttpError.notFound(`No route for ${req.method} ${req.path}`));
};

/**
 * Every error becomes JSON with its status. What went wrong inside (messages, stack traces, source
 * paths, addresses) goes to the log only: a failure nobody mapped is a 500 with a generic message
 * and the request id to find it there; a dependency that cannot be reached is a 503 with
 * Retry-After. Every 5xx body carries the request id.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = req.id === undefined ? undefined : String(req.id);
  const httpError = toHttpError(err, requestId);
  if (httpError.status === 503) req.log?.warn({ err }, 'request answered 503');
  else if (httpError.status >= 500) req.log?.error({ err }, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  const retryAfter = httpError.retryAfterSeconds;
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  const body = httpError.toBody();
  if (httpError.status >= 500 && requestId !== undefined) body.error.details = { ...body.error.details, requestId };
  res.status(httpError.status).json(body);
};

/** The answer for any error a route or middleware threw (routes that map errors themselves use it for the rest). */
export function toHttpError(err: unknown, requestId?: string): HttpError {
  if (err instanceof HttpError) return err;
  // body-parser marks its own errors with a status and a type.
  const e = err as { status?: number; type?: string; message?: string; limit?: number };
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'BAD_JSON', 'Request body is not valid JSON');
  if (e?.type === 'entity.too.large') {
    return new HttpError(413, 'BODY_TOO_LARGE', `Request body is larger than ${e.limit} bytes`);
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, 'BAD_REQUEST', e.message ?? 'Bad request');
  }
  const dependency = dependencyFailureOf(err);
  if (dependency) return HttpError.dependencyUnavailable(dependency.retryAfterSeconds, err);
  const where = requestId === undefined ? '' : ` (request ${requestId})`;
  return new HttpError(500, 'INTERNAL', `Internal server error${where}; the details are in the server's log`, undefined, { cause: err });
}
