import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { Caller, ToolCallContext, ToolLogger } from '@reco/base-tools';

// One shared reason: aborting with none would build a DOMException (and its stack) per request.
const RESPONSE_CLOSED = Object.freeze(new Error('The response was closed'));

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a well-formed `x-request-id` from the caller (a proxy, the shop's server), else makes one. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * Who is calling. Authentication replaces this with the identity from the request's key or
 * token; until then every HTTP caller is anonymous and cannot read customer data.
 */
export function callerOf(req: Request): Caller {
  return (req as Request & { caller?: Caller }).caller ?? { kind: 'anonymous' };
}

/**
 * Tool-call context for a request: its id, caller, logger, and a signal that fires once the
 * response is closed. The signal is made when first read: a tool answered from the cache never
 * reads it, and an AbortController per request is a measurable share of a cached answer.
 */
export function toolContextFor(req: Request): ToolCallContext & { signal: AbortSignal } {
  let controller: AbortController | undefined;
  return {
    get signal(): AbortSignal {
      if (!controller) {
        const created = new AbortController();
        controller = created;
        // When the response closes, nothing can use the tools' results any more: the client went
        // away, or the request timed out and was answered. Calls that already finished ignore it.
        const res = req.res;
        if (!res || res.writableFinished || res.destroyed) created.abort(RESPONSE_CLOSED);
        else res.once('close', () => created.abort(RESPONSE_CLOSED));
      }
      return controller.signal;
    },
    requestId: String(req.id),
    caller: callerOf(req),
    logger: req.log as unknown as ToolLogger,
  };
}
