import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from './http-error';

/** Unknown route: JSON 404, like every other error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(HttpError.notFound(`No route for ${req.method} ${req.path}`));
};

/** Every error becomes JSON with its status; a stack trace never leaves the process. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const httpError = toHttpError(err);
  if (httpError.status >= 500) req.log?.error({ err }, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(httpError.status).json(httpError.toBody());
};

function toHttpError(err: unknown): HttpError {
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
  return new HttpError(500, 'INTERNAL', 'Internal server error');
}
