import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  UriTemplate,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplateType,
  type Server,
} from '@modelcontextprotocol/server';
import { pageOf } from './mcp-pagination';
import type { McpRequestScope } from './mcp-request-scope';
import { customerResourceUri, FIXED_RESOURCES, RESOURCE_MIME_TYPE, RESOURCE_TEMPLATES } from './mcp-resources-catalogue';
import { mayRead, readsSomeCustomer, readTool } from './mcp-resources-reads';
import type { McpSurfacePart } from './mcp-server-factory';

export interface McpResourcesOptions {
  /** Items per page of the two lists (tests make it small). */
  pageSize?: number;
  /** Resources of another source, under URIs of their own (the conformance fixtures). */
  extra?: ExtraResources;
}

/** Resources served beside Reco's: listed after them, and read before a URI is resolved as Reco's. */
export interface ExtraResources {
  resources: readonly Resource[];
  templates: readonly ResourceTemplateType[];
  /** The contents at `uri`, or undefined when it is none of these. */
  read(uri: string): ReadResourceResult | undefined;
}

/** Longer URIs name nothing here (a product or customer id has at most 128 characters). */
const MAX_URI_CHARS = 2_048;

const TEMPLATES = RESOURCE_TEMPLATES.map((template) => ({ ...template, matcher: new UriTemplate(template.uriTemplate) }));

/**
 * Reco's data as MCP resources (no subscriptions): a product, a customer's profile and purchases
 * by URI template, the catalogue's categories and the segment summary at fixed URIs. Every read
 * is a call of the tool behind it through the registry with the caller's rights, so a customer
 * token reads only its own customer and the segment summary stays staff-only.
 */
export function mcpResourcesPart(options: McpResourcesOptions = {}): McpSurfacePart {
  return { capabilities: { resources: {} }, register: (server, scope) => registerMcpResources(server, scope, options) };
}

function registerMcpResources(server: Server, scope: McpRequestScope, options: McpResourcesOptions): void {
  server.setRequestHandler('resources/list', async (request) => {
    const page = pageOf([...resourcesFor(scope), ...(options.extra?.resources ?? [])], request.params?.cursor, options.pageSize);
    return { resources: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });

  server.setRequestHandler('resources/templates/list', async (request) => {
    const visible: ResourceTemplateType[] = TEMPLATES.filter((t) => mayRead(scope, t.tool) && (t.variable !== 'customerId' || readsSomeCustomer(scope.caller))).map((t) => ({
      uriTemplate: t.uriTemplate,
      name: t.name,
      title: t.title,
      description: t.description,
      mimeType: RESOURCE_MIME_TYPE,
    }));
    const page = pageOf([...visible, ...(options.extra?.templates ?? [])], request.params?.cursor, options.pageSize);
    return { resourceTemplates: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });

  server.setRequestHandler('resources/read', async (request, ctx): Promise<ReadResourceResult> => {
    const { uri } = request.params;
    const extra = options.extra?.read(uri);
    if (extra) return extra;
    const target = resolve(uri);
    if (!scope.registry.has(target.tool)) throw new ResourceNotFoundError(uri);
    const data = await readTool(scope, ctx, target.tool, target.input, (error) => (error.code === 'NOT_FOUND' ? new ResourceNotFoundError(uri) : undefined));
    return { contents: [{ uri, mimeType: RESOURCE_MIME_TYPE, text: JSON.stringify(data) }] };
  });
}

/**
 * What resources/list shows this caller, by URI: the fixed resources whose tool it may call, and
 * for a customer token its own profile and purchases (staff reach every customer through the
 * templates; listing each would be the whole customer base).
 */
function resourcesFor(scope: McpRequestScope): Resource[] {
  const listed: Resource[] = FIXED_RESOURCES.filter((r) => mayRead(scope, r.tool)).map((r) => ({
    uri: r.uri,
    name: r.name,
    title: r.title,
    description: r.description,
    mimeType: RESOURCE_MIME_TYPE,
  }));
  const { caller } = scope;
  if (caller.kind === 'customer') {
    for (const template of TEMPLATES) {
      if (!template.own || !mayRead(scope, template.tool)) continue;
      const uri = customerResourceUri(template.uriTemplate, caller.customerId);
      listed.push({ uri, ...template.own, description: template.description, mimeType: RESOURCE_MIME_TYPE });
    }
  }
  return listed.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}

/** The tool and input behind a URI; a URI none of ours names is not found, a malformed id -32602. */
function resolve(uri: string): { tool: string; input: Record<string, unknown> } {
  if (uri.length > MAX_URI_CHARS) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Resource URI too long: at most ${MAX_URI_CHARS} characters`);
  const fixed = FIXED_RESOURCES.find((r) => r.uri === uri);
  if (fixed) return { tool: fixed.tool, input: {} };
  for (const template of TEMPLATES) {
    const raw = template.matcher.match(uri)?.[template.variable];
    if (typeof raw !== 'string') continue;
    return { tool: template.tool, input: template.input(decodedId(raw, template.variable)) };
  }
  throw new ResourceNotFoundError(uri);
}

function decodedId(raw: string, variable: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Malformed ${variable} in the resource URI: invalid percent-encoding`, { code: 'BAD_INPUT' });
  }
}
