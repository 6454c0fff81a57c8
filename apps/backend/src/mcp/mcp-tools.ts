import { ProtocolError, ProtocolErrorCode, type CallToolResult, type Server, type ServerContext, type Tool } from '@modelcontextprotocol/server';
import { toMcpToolEntry, type ToolProgressListener } from '@reco/base-tools';
import { pageOf } from './mcp-pagination';
import type { McpRequestScope } from './mcp-request-scope';

/**
 * A tool served over MCP only, beside the registry's (the conformance suite's fixture tools):
 * it answers with MCP content itself (images, logging, progress), which registry tools never need.
 */
export interface McpOnlyTool {
  entry: Tool;
  call(args: Record<string, unknown>, ctx: ServerContext, scope: McpRequestScope): Promise<CallToolResult>;
}

export interface McpToolsOptions {
  pageSize?: number;
  /** Listed after the registry's tools, in this order. */
  mcpOnlyTools?: readonly McpOnlyTool[];
}

/**
 * `tools/list` and `tools/call` over the registry. The list holds what the caller may call, in
 * the registry's stable order (by name), paged; a call runs through `registry.invoke` with the
 * caller's context, so access rules, timeouts, validation and the `tool <name>` span are the same
 * as at /api/tools. A tool's own failure is an `isError` result (the model can read and correct
 * it, as MCP asks); only a name no tool has is a JSON-RPC error (-32602). A call that carries a
 * `progressToken` gets the tool's progress reports as `notifications/progress` before its result.
 */
export function registerMcpTools(server: Server, scope: McpRequestScope, options: McpToolsOptions = {}): void {
  const { registry, caller } = scope;
  const mcpOnly = new Map((options.mcpOnlyTools ?? []).map((tool) => [tool.entry.name, tool]));
  server.setRequestHandler('tools/list', async (request) => {
    const entries: Tool[] = [...registry.listFor(caller).map(toMcpToolEntry), ...[...mcpOnly.values()].map((tool) => tool.entry)];
    const page = pageOf(entries, request.params?.cursor, options.pageSize);
    return { tools: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });

  server.setRequestHandler('tools/call', async (request, ctx): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const own = mcpOnly.get(name);
    if (own && !registry.has(name)) return own.call(args ?? {}, ctx, scope);
    const signal = AbortSignal.any([scope.callContext.signal, ctx.mcpReq.signal]);
    const result = await registry.invoke(name, args ?? {}, { ...scope.callContext, signal, onProgress: progressNotifier(ctx) });
    // Through the registry even so, to be counted and traced as at /api/tools; MCP makes it a protocol error.
    if (!result.ok && result.error.code === 'UNKNOWN_TOOL') throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`, { code: 'UNKNOWN_TOOL' });
    if (!result.ok) return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: result.error }) }] };
    return toolResultOf(result.data);
  });
}

/**
 * `notifications/progress` for a call whose client asked for them (`_meta.progressToken`), else
 * none. MCP requires the progress to increase with every notification: a report that does not is
 * dropped. A notification that cannot be sent (the client went away) never fails the call.
 */
function progressNotifier(ctx: ServerContext): ToolProgressListener | undefined {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let last = Number.NEGATIVE_INFINITY;
  return ({ progress, total, message }) => {
    if (!(progress > last)) return;
    last = progress;
    const params = { progressToken, progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) };
    ctx.mcpReq.notify({ method: 'notifications/progress', params }).catch(() => undefined);
  };
}

/** Text for every client, and `structuredContent` when the output is an object (MCP requires one there). */
function toolResultOf(data: unknown): CallToolResult {
  const structured = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  return { content: [{ type: 'text', text: JSON.stringify(data) }], ...(structured ? { structuredContent: structured } : {}) };
}
