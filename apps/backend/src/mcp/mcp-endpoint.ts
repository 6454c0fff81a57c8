import { Router, type Request, type Response } from 'express';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { silentLogger, type ToolLogger, type ToolRegistry } from '@reco/base-tools';
import { HttpError } from '../http/http-error';
import { LOOPBACK_ONLY, mcpOriginGuard, type McpOriginPolicy } from './mcp-origin-guard';
import { authInfoFor } from './mcp-request-scope';
import { mcpServerFactory, type McpServerSettings } from './mcp-server-factory';

export interface McpEndpointOptions extends Partial<McpServerSettings> {
  /** Hosts and browser origins allowed (DNS-rebinding protection); default loopback only. */
  origins?: McpOriginPolicy;
  /** Largest request body the endpoint reads (bytes). */
  maxBodyBytes?: number;
  logger?: ToolLogger;
}

/**
 * Reco as an MCP server at /mcp (Streamable HTTP, stateless). One endpoint speaks both eras: the
 * 2026-07-28 protocol (`server/discover`, per-request `_meta`, `Mcp-Method`/`Mcp-Name` headers)
 * and the 2025 ones with their `initialize` handshake, each request on a fresh server from the
 * same factory. Mount it after authentication and without a body parser: the SDK reads the body
 * itself, so malformed JSON is a JSON-RPC -32700, not an HTTP error page.
 */
export function mcpEndpoint(registry: ToolRegistry, options: McpEndpointOptions = {}): Router {
  const router = Router();
  router.use(mcpOriginGuard(options.origins ?? LOOPBACK_ONLY));

  const maxRequestBodySize = options.maxBodyBytes ?? 1024 * 1024;
  const handler = createMcpHandler(mcpServerFactory({ version: options.version ?? '0.1.0', pageSize: options.pageSize, parts: options.parts }), {
    legacy: 'stateless',
    maxRequestBodySize,
    // Rejected requests are answered to their client already; the log keeps them for debugging.
    onerror: (err) => (options.logger ?? silentLogger).debug({ err }, 'MCP request rejected or failed'),
  });
  // The adapter reads the body before the handler sees it: the same bound there.
  const serve = toNodeHandler(handler, { maxRequestBodySize });

  router.post('/', (req: Request, res: Response, next) => {
    (req as Request & { auth?: unknown }).auth = authInfoFor(req, registry);
    // A parser mounted in front (tests, embedding apps) has drained the stream: hand over its result.
    const parsed: unknown = req.body;
    (parsed === undefined ? serve(req, res) : serve(req, res, parsed)).catch(next);
  });

  // Stateless: no server-initiated stream and no session to end.
  const notAllowed = (_req: Request, res: Response) => {
    res.setHeader('Allow', 'POST');
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'This MCP endpoint is stateless: POST only');
  };
  router.get('/', notAllowed);
  router.delete('/', notAllowed);
  return router;
}
