import { z } from 'zod';
import { defineRoute } from '../http/route-contract';

const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded', 'shutting_down']),
  /** One entry per dependency (database, cache, object store, queue): whether it answered, and how fast. */
  checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() }).catchall(z.unknown())),
});

export const healthLive = defineRoute({
  method: 'get',
  path: '/health/live',
  summary: 'Liveness: the process and its event loop answer (no dependency is asked)',
  tag: 'operations',
  access: 'public',
  response: z.object({ status: z.literal('ok'), uptimeSeconds: z.number().int() }),
});

export const healthReady = defineRoute({
  method: 'get',
  path: '/health/ready',
  summary: 'Readiness: every dependency answers in time and the server is not shutting down (else 503 with the same report)',
  tag: 'operations',
  access: 'public',
  response: HealthReportSchema,
  errors: [503],
  errorBody: HealthReportSchema,
});

export const prometheusMetrics = defineRoute({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics (text exposition format); with METRICS_PUBLIC=false it needs an admin key',
  tag: 'operations',
  access: 'public',
  produces: 'text/plain',
  // Only with METRICS_PUBLIC=false: no key (401), or a key that is not an admin key (403).
  errors: [401, 403],
});

const JsonRpcId = z.union([z.string(), z.number().int()]);

/** One JSON-RPC 2.0 message of the Model Context Protocol (`server/discover`, `initialize`, `tools/list`, `tools/call`, `resources/read`, ...). */
const JsonRpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  /** Absent on a notification (answered 202 with no body). */
  id: JsonRpcId.optional(),
  method: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
});

const JsonRpcResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcId.nullable(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
});

export const mcp = defineRoute({
  method: 'post',
  path: '/mcp',
  summary:
    'Reco as a Model Context Protocol server (Streamable HTTP, stateless): protocol 2026-07-28 (server/discover, per-request _meta, ' +
    'Mcp-Method and Mcp-Name headers) and the 2025 revisions (initialize handshake) on this one endpoint. Tools, resources, prompts ' +
    'and completion; answers are JSON, or an SSE stream when progress comes before the result. The same key or customer token as /api, ' +
    'or an OAuth 2.1 access token when the server has an authorization server (its 401 then names the protected-resource metadata); ' +
    'a host or browser origin the server does not allow gets 403 (DNS-rebinding protection); GET and DELETE answer 405. ' +
    'Every error, at the HTTP layer too, is a JSON-RPC error body (malformed JSON: -32700)',
  tag: 'mcp',
  access: 'authenticated',
  oauth: true,
  body: JsonRpcRequestSchema,
  response: JsonRpcResponseSchema,
  errors: [403],
});

/** RFC 9728 protected-resource metadata: where MCP clients learn the authorization server of /mcp. */
export const ProtectedResourceMetadataSchema = z.object({
  /** The canonical URL of /mcp: the audience its access tokens must name (RFC 8707). */
  resource: z.url(),
  authorization_servers: z.array(z.url()).min(1),
  bearer_methods_supported: z.array(z.literal('header')),
  scopes_supported: z.array(z.string()),
  resource_name: z.string(),
  resource_documentation: z.url(),
});

const OAUTH_METADATA_SUMMARY = 'OAuth protected-resource metadata of /mcp (RFC 9728): its authorization server and scopes; 404 when OAuth is not configured';

export const oauthProtectedResourceMcp = defineRoute({
  method: 'get',
  path: '/.well-known/oauth-protected-resource/mcp',
  summary: OAUTH_METADATA_SUMMARY,
  tag: 'mcp',
  access: 'public',
  response: ProtectedResourceMetadataSchema,
  errors: [404],
});

export const oauthProtectedResource = defineRoute({
  method: 'get',
  path: '/.well-known/oauth-protected-resource',
  summary: `${OAUTH_METADATA_SUMMARY} (the same document at the root, where MCP clients look next)`,
  tag: 'mcp',
  access: 'public',
  response: ProtectedResourceMetadataSchema,
  errors: [404],
});

export const openApiDocument = defineRoute({
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This document',
  tag: 'operations',
  access: 'public',
  response: z.record(z.string(), z.unknown()),
});

/** The routes outside the API's own contracts: the description, health, metrics, MCP and its OAuth metadata. */
export const SERVICE_CONTRACTS = [openApiDocument, healthLive, healthReady, prometheusMetrics, mcp, oauthProtectedResourceMcp, oauthProtectedResource];
