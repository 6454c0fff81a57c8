import { z } from 'zod';
import type { ToolRegistry } from '@reco/base-tools';
import type { RouteContract } from '../http/route-contract';

type Schema = Record<string, unknown>;

const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad input: details.issues names each bad field',
  401: 'No key or token, or one that does not verify',
  403: 'The caller may not do this',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large, or more records than a batch takes',
  415: 'Unsupported content type',
  500: 'The tool failed',
  429: 'Rate limit exceeded',
  503: 'A dependency is not available',
  504: 'Timed out',
};

const TAGS: Record<string, string> = {
  products: 'The catalogue: products, search, similar and bought-together lists, popular products',
  users: "Customers: recommendations, profile, segment, purchases (a customer token reaches only its own customer)",
  sessions: 'Recommendations for an anonymous session',
  placements: "The lists a shop's pages ask for, with merchandising rules and experiments applied",
  catalog: "The shop's writes: products, customers, orders",
  events: 'Views, carts, purchases and clicks the shop sends',
  agent: 'The shopping assistant',
  auth: 'Customer tokens',
  tools: 'The tool registry over HTTP',
  admin: 'Imports, training, jobs, models, cache (admin key)',
  merchandising: 'Rules, placements and experiments (admin key)',
  mcp: 'The tools as a Model Context Protocol server',
  operations: 'Health, metrics and this document',
};

/** Admin and staff routes take an API key only; customer data routes also take a customer token. */
const KEY_ONLY = [{ apiKey: [] }];
const KEY_OR_TOKEN = [{ apiKey: [] }, { customerToken: [] }];
const KEY_TOKEN_OR_OAUTH = [...KEY_OR_TOKEN, { oauthAccessToken: [] }];

/**
 * OpenAPI 3.1 for every route the backend serves, generated from the zod schemas the routes parse
 * with; a tool-backed route documents its tool's own output schema.
 */
export function buildOpenApiDocument(contracts: readonly RouteContract[], options: { registry?: ToolRegistry; version?: string } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of contracts) {
    const path = c.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters = [...toParameters(c.params, 'path'), ...toParameters(c.query, 'query')];
    const operation: Record<string, unknown> = {
      operationId: operationId(c),
      summary: c.summary,
      tags: [c.tag],
      security: c.access === 'public' ? [] : c.oauth ? KEY_TOKEN_OR_OAUTH : c.access === 'authenticated' ? KEY_OR_TOKEN : KEY_ONLY,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody(c) ?? {}),
      responses: responses(c, options.registry),
    };
    paths[path] = { ...(paths[path] ?? {}), [c.method]: operation };
  }
  const used = new Set(contracts.map((c) => c.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reco API',
      version: options.version ?? '0.1.0',
      description:
        'Recommendations, search and a shopping assistant. Send `Authorization: Bearer <key or customer token>`: ' +
        '`admin` keys for /api/admin, `service` keys for any customer, customer tokens for their own customer only.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This server' }],
    security: KEY_OR_TOKEN,
    tags: Object.entries(TAGS)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `admin` (everything) or `service` (any customer, no admin routes)' },
        customerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A customer token from POST /api/auth/customer-token: that customer's own data only",
        },
        // An http bearer scheme, not oauth2: the authorization server is a deployment's setting (OAUTH_ISSUER), which
        // a static document cannot name; clients discover it at run time from the metadata (RFC 9728), as MCP asks.
        oauthAccessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An OAuth 2.1 access token for /mcp only, when the server has an authorization server (OAUTH_ISSUER): ' +
            'GET /.well-known/oauth-protected-resource/mcp names it, and a 401 from /mcp points there (WWW-Authenticate resource_metadata). ' +
            'Scope reco:admin: admin; reco:staff: service; reco:customer: its own customer only (the claim OAUTH_CUSTOMER_CLAIM, default sub); none of them: 403 insufficient_scope',
        },
      },
      schemas: { Error: jsonSchema(ErrorBodySchema, 'output') },
    },
    paths,
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Schema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Schema;
  delete out['$schema'];
  return out;
}

function toParameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Schema[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((json['required'] as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (required.has(name) && property['default'] === undefined),
    ...(property['description'] ? { description: property['description'] } : {}),
    // Tool routes read a list as one comma-separated value (see tool-route.ts).
    ...(where === 'query' && property['type'] === 'array' ? { style: 'form', explode: false } : {}),
    schema: property,
  }));
}

function requestBody(c: RouteContract): { requestBody: Schema } | undefined {
  const content: Record<string, unknown> = {};
  if (c.body) content['application/json'] = { schema: jsonSchema(c.body, 'input') };
  for (const type of c.consumes ?? []) content[type] = { schema: { type: 'string', format: 'binary' } };
  return Object.keys(content).length ? { requestBody: { required: !c.bodyOptional, content } } : undefined;
}

function responses(c: RouteContract, registry: ToolRegistry | undefined): Schema {
  const tool = c.tool ? registry?.get(c.tool) : undefined;
  const okSchema = tool ? jsonSchema(tool.output, 'output') : c.response ? jsonSchema(c.response, 'output') : undefined;
  const okStatus = String(c.okStatus ?? 200);
  const ok = c.produces
    ? { description: c.produces === 'text/event-stream' ? 'A stream of server-sent events' : 'OK', content: { [c.produces]: { schema: { type: 'string' } } } }
    : { description: tool ? `The ${tool.name} tool's data` : 'OK', ...(okSchema ? { content: { 'application/json': { schema: okSchema } } } : {}) };
  const errorRef = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const own = new Set(c.errors ?? []);
  const ownBody = c.errorBody ? { content: { 'application/json': { schema: jsonSchema(c.errorBody, 'output') } } } : errorRef;
  // 400 when there is something to parse; 401 and 429 from the gate every non-public route passes.
  const parses = Boolean(c.params || c.query || c.body || c.consumes);
  const statuses = new Set<number>([...(parses ? [400] : []), ...(c.access === 'public' ? [] : [401, 429]), ...(c.access === 'admin' || c.access === 'staff' ? [403] : []), ...own]);
  const out: Schema = { [okStatus]: ok };
  for (const status of [...statuses].sort()) {
    out[String(status)] = { description: STATUS_TEXT[status] ?? 'Error', ...(own.has(status) ? ownBody : errorRef) };
  }
  return out;
}

function operationId(c: RouteContract): string {
  const words = c.path
    .replace(/^\/api\//, '')
    .replace(/\.json$/, '')
    .split(/[/:.-]+/)
    .filter(Boolean);
  return [c.method, ...words].map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1))).join('');
}
