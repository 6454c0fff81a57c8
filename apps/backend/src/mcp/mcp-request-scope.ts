import type { Request } from 'express';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Caller, ToolCallContext, ToolRegistry } from '@reco/base-tools';
import { callerOf, toolContextFor } from '../http/request-context';

/**
 * What every MCP handler of one HTTP request works with: the registry and the authenticated
 * caller's tool-call context. Resources, prompts and completion read through `registry.invoke`
 * too, so each tool's access rule (and a customer token's "own data only") holds for them as well.
 */
export interface McpRequestScope {
  registry: ToolRegistry;
  caller: Caller;
  /** For `registry.invoke`: the request's id, logger, caller, and a signal aborted when the client goes away. */
  callContext: ToolCallContext & { signal: AbortSignal };
}

const SCOPE_KEY = 'reco.mcpScope';

/**
 * The SDK hands a server factory only `authInfo` from the HTTP layer: the scope rides in its
 * `extra`, set from the Express request after authentication.
 */
export function authInfoFor(req: Request, registry: ToolRegistry): AuthInfo {
  const caller = callerOf(req);
  const scope: McpRequestScope = { registry, caller, callContext: toolContextFor(req) };
  return { token: '', clientId: clientIdOf(caller), scopes: [], extra: { [SCOPE_KEY]: scope } };
}

export function scopeOf(authInfo: AuthInfo | undefined): McpRequestScope {
  const scope = authInfo?.extra?.[SCOPE_KEY] as McpRequestScope | undefined;
  // Only reachable if the endpoint were wired without authInfoFor: a programming error.
  if (!scope) throw new Error('MCP request reached the server factory without its request scope');
  return scope;
}

function clientIdOf(caller: Caller): string {
  switch (caller.kind) {
    case 'customer':
      return `customer:${caller.customerId}`;
    case 'service':
    case 'admin':
      return `${caller.kind}:${caller.keyId}`;
    case 'anonymous':
      return 'anonymous';
  }
}
