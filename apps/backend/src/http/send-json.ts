import type { Response } from 'express';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers `value` as JSON with the response's current status. Written straight to Node's
 * response: Express's `res.json` re-reads settings, re-parses the content type and copies large
 * bodies into a Buffer on every call, which on a cached answer costs more than finding it.
 */
export function sendJson(res: Response, value: unknown): void {
  sendJsonText(res, JSON.stringify(value));
}

/** Answers an already serialised JSON body. */
export function sendJsonText(res: Response, body: string): void {
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  // HEAD: Node sends the headers and drops the body by itself.
  res.end(body);
}
