import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Calls each handler in turn while they call `next()`; `next(err)` or a rejection goes to `fail`. */
export function runChain(handlers: readonly RequestHandler[], req: Request, res: Response, fail: NextFunction, done: () => void): void {
  let index = 0;
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null && err !== 'route') return fail(err);
    const handler = handlers[index++];
    if (!handler) return done();
    try {
      const returned: unknown = handler(req, res, step);
      if (returned instanceof Promise) returned.catch((rejected: unknown) => fail(rejected ?? new Error('Rejected promise')));
    } catch (thrown) {
      fail(thrown);
    }
  };
  step();
}

/** Several middlewares as one Express layer: the per-request front matter costs one layer visit, not one each. */
export function inOneLayer(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => runChain(handlers, req, res, next, () => next());
}
