import type { ServerContext } from '@modelcontextprotocol/server';
import { mayCall, type Caller, type ToolErrorBody } from '@reco/base-tools';
import { protocolErrorOf } from './mcp-errors';
import type { McpRequestScope } from './mcp-request-scope';

/**
 * One registry read for a resource, prompt or completion, with the caller's context: the tool's
 * access rule and its own check of the customer hold, as at /api/tools. A failure is a JSON-RPC
 * error (`onError` may answer some codes its own way first, e.g. NOT_FOUND of a resource).
 */
export async function readTool<T>(
  scope: McpRequestScope,
  ctx: ServerContext,
  tool: string,
  input: Record<string, unknown>,
  onError?: (error: ToolErrorBody) => Error | undefined,
): Promise<T> {
  const signal = AbortSignal.any([scope.callContext.signal, ctx.mcpReq.signal]);
  const result = await scope.registry.invoke<T>(tool, input, { ...scope.callContext, signal });
  if (!result.ok) throw onError?.(result.error) ?? protocolErrorOf(result.error);
  return result.data;
}

/** True when the tool is served here and this caller may call it (what a list shows the caller). */
export function mayRead(scope: McpRequestScope, tool: string): boolean {
  const found = scope.registry.get(tool);
  return found !== undefined && mayCall(found.access, scope.caller);
}

/**
 * True when the caller may read some customer's data: the customer tools are open to every caller
 * and check the customer themselves (canReadCustomer), which refuses an anonymous caller any.
 */
export function readsSomeCustomer(caller: Caller): boolean {
  return caller.kind !== 'anonymous';
}
