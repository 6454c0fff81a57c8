import { Router, type Request, type Response } from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toMcpToolEntry, type ToolRegistry } from '@reco/base-tools';
import { HttpError } from '../http/http-error';
import { callerOf, toolContextFor } from '../http/request-context';
import { LOOPBACK_ONLY, mcpOriginGuard, type McpOriginPolicy } from './mcp-origin-guard';

/**
 * The tool registry as an MCP server at /mcp (Streamable HTTP, stateless: a server and transport
 * per request). Calls run through `registry.invoke` with the authenticated caller, so each tool's
 * access rule holds here too and a customer token reaches only its own data; `tools/list` offers
 * the caller only what it may call. Requests from a host or browser origin `origins` does not
 * allow get 403 (DNS-rebinding protection); without settings, loopback only.
 */
export function mcpEndpoint(registry: ToolRegistry, version = '0.1.0', origins: McpOriginPolicy = LOOPBACK_ONLY): Router {
  const router = Router();
  router.use(mcpOriginGuard(origins));

  router.post('/', async (req: Request, res: Response) => {
    const server = new Server({ name: 'reco', version }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: registry.listFor(callerOf(req)).map(toMcpToolEntry) }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
      const ctx = toolContextFor(req);
      const signal = AbortSignal.any([ctx.signal, extra.signal]);
      const result = await registry.invoke(request.params.name, request.params.arguments ?? {}, { ...ctx, signal });
      if (!result.ok) return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: result.error }) }] };
      const data = result.data;
      const structured = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
      return { content: [{ type: 'text', text: JSON.stringify(data) }], ...(structured ? { structuredContent: structured } : {}) };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  // Stateless: no server-initiated stream and no session to end.
  const notAllowed = (_req: Request, res: Response) => {
    res.setHeader('Allow', 'POST');
    const error = new HttpError(405, 'METHOD_NOT_ALLOWED', 'This MCP endpoint is stateless: POST only');
    res.status(405).json(error.toBody());
  };
  router.get('/', notAllowed);
  router.delete('/', notAllowed);
  return router;
}
