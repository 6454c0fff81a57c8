import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error';

/**
 * Answers 504 TIMEOUT to a request still unanswered after `timeoutMs`; the request's tool calls
 * are cancelled when the response closes. Streams and uploads opt out with `skip`.
 */
export function requestTimeout(timeoutMs: number, skip: (path: string) => boolean = () => false): RequestHandler {
  return (req, res, next) => {
    if (skip(req.path)) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      const error = new HttpError(504, 'TIMEOUT', `The request did not finish within ${timeoutMs} ms`, { timeoutMs });
      res.status(error.status).json(error.toBody());
    }, timeoutMs);
    timer.unref();
    // 'close' follows 'finish' and also comes when the client goes away: one listener covers both.
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
