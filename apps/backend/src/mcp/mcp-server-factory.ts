import type { McpServerFactory, Server, ServerCapabilities } from '@modelcontextprotocol/server';
import { GuardedServer } from './mcp-guarded-server';
import type { McpRequestScope } from './mcp-request-scope';
import { scopeOf } from './mcp-request-scope';
import { registerMcpTools, type McpOnlyTool } from './mcp-tools';

/**
 * One part of Reco's MCP surface beyond the registry's tools: the capabilities it serves and
 * what it adds for one request (its handlers, or tools served over MCP only).
 */
export interface McpSurfacePart {
  capabilities: ServerCapabilities;
  register?: (server: Server, scope: McpRequestScope) => void;
  tools?: readonly McpOnlyTool[];
}

export interface McpServerSettings {
  version: string;
  /** Items per page of the list methods (tests make it small). */
  pageSize?: number;
  /** Parts beyond the tools (resources, prompts, completion, conformance fixtures), with the capabilities they serve. */
  parts?: readonly McpSurfacePart[];
}

const INSTRUCTIONS =
  "Reco is an online shop's recommendation and catalogue backend. Search and look up products, read a customer's " +
  'profile, purchases and segment, and get recommendations. A customer token reaches only its own customer.';

// Lists depend on the caller (its access level, its own customer): a client may keep them briefly, no shared cache may.
const PRIVATE_MINUTE = { ttlMs: 60_000, cacheScope: 'private' } as const;

/**
 * A fresh low-level server per request, for both protocol eras (2026-07-28 and the 2025 ones).
 * Low-level rather than McpServer: Reco's tools carry their own zod validation, JSON Schemas,
 * access rules and error envelopes in the registry, and its lists are filtered per caller and
 * paged — McpServer would validate and convert a second time and list everything.
 */
export function mcpServerFactory(settings: McpServerSettings): McpServerFactory {
  const parts = settings.parts ?? [];
  const capabilities = parts.reduce<ServerCapabilities>((merged, part) => ({ ...merged, ...part.capabilities }), { tools: {} });
  return ({ authInfo }) => {
    const scope = scopeOf(authInfo);
    const server = new GuardedServer(
      scope,
      { name: 'reco', title: 'Reco', version: settings.version },
      {
        capabilities,
        instructions: INSTRUCTIONS,
        cacheHints: {
          // The same answer for every caller: shared caches may keep it.
          'server/discover': { ttlMs: 300_000, cacheScope: 'public' },
          'tools/list': PRIVATE_MINUTE,
          'resources/list': PRIVATE_MINUTE,
          'resources/templates/list': PRIVATE_MINUTE,
          'prompts/list': PRIVATE_MINUTE,
        },
      },
    );
    registerMcpTools(server, scope, { pageSize: settings.pageSize, mcpOnlyTools: parts.flatMap((part) => part.tools ?? []) });
    for (const part of parts) part.register?.(server, scope);
    return server;
  };
}

