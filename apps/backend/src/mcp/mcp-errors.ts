import type { ErrorRequestHandler } from 'express';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { ToolErrorBody } from '@reco/base-tools';
import { toHttpError } from '../http/error-handler';

/**
 * A failed read behind a resource, prompt or completion as a JSON-RPC error: the client's
 * mistakes are -32602 (invalid params) naming the field, our own failures -32603 with the generic
 * message the registry already made (details stay in the log). Tool calls do not come here: MCP
 * wants their failures as `isError` results the model can read and correct.
 */
export function protocolErrorOf(error: ToolErrorBody): ProtocolError {
  switch (error.code) {
    case 'BAD_INPUT':
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'UNKNOWN_TOOL':
      return new ProtocolError(ProtocolErrorCode.InvalidParams, error.message, { code: error.code, ...detailsOf(error) });
    default:
      return new ProtocolError(ProtocolErrorCode.InternalError, error.message, { code: error.code });
  }
}

function detailsOf(error: ToolErrorBody): Record<string, unknown> {
  return error.details && typeof error.details === 'object' ? { details: error.details } : {};
}

/**
 * JSON-RPC error codes for what /mcp refuses at the HTTP layer (no key, a foreign origin, the rate
 * limit, an outage): the HTTP status stays and the body is a JSON-RPC error with id null, coded as
 * the SDK codes its own HTTP-level refusals (413, 415, 406: -32000, JSON-RPC's range for
 * server-defined errors; a malformed request -32600), so MCP clients read every answer one way.
 */
const CODE_FOR_STATUS: Record<number, number> = { 400: ProtocolErrorCode.InvalidRequest };
const SERVER_REFUSAL = -32000;

/**
 * Error handler for /mcp, after its authentication and endpoint: every error the app's handler
 * would answer (same status, Retry-After, logging, generic 5xx text) as a JSON-RPC error body.
 * Malformed JSON never gets here: the SDK reads the body itself and answers -32700.
 */
export const mcpErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const requestId = req.id === undefined ? undefined : String(req.id);
  const http = toHttpError(err, requestId);
  if (http.status === 503) req.log?.warn({ err }, 'MCP request answered 503');
  else if (http.status >= 500) req.log?.error({ err }, 'MCP request failed');
  if (http.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(http.retryAfterSeconds));
  const body = http.toBody().error;
  if (http.status >= 500 && requestId !== undefined) body.details = { ...body.details, requestId };
  res.status(http.status).json({
    jsonrpc: '2.0',
    id: null,
    error: { code: CODE_FOR_STATUS[http.status] ?? SERVER_REFUSAL, message: `${body.code}: ${body.message}`, data: body },
  });
};
