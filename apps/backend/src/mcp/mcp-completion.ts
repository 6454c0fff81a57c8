import { ProtocolError, ProtocolErrorCode, type CompleteRequest, type CompleteResult, type Server, type ServerContext } from '@modelcontextprotocol/server';
import { categoryKey } from '@reco/data';
import { completeCustomerIds, type CustomerListing } from './mcp-completion-customers';
import { EXPLAIN_RECOMMENDATIONS, promptNamed, SHOPPING_ASSISTANT } from './mcp-prompts-catalogue';
import type { McpRequestScope } from './mcp-request-scope';
import { FIXED_RESOURCES, RESOURCE_TEMPLATES } from './mcp-resources-catalogue';
import { readTool } from './mcp-resources-reads';
import type { McpSurfacePart } from './mcp-server-factory';

/** MCP's cap on the values of one completion. */
const MAX_COMPLETION_VALUES = 100;
/** Longer than any id or category path: nothing starts with it. */
const MAX_VALUE_CHARS = 300;

export interface McpCompletionDeps {
  /** The customer listing, for staff callers' customer ids (absent: a server without customer data). */
  customers: () => Promise<CustomerListing | undefined>;
  /** Completion for prompts and templates of another source (the conformance fixtures); undefined: not theirs. */
  extra?: (ref: CompleteRequest['params']['ref']) => Completion | undefined;
}

type CompletionKind = 'productId' | 'customerId' | 'category';

/** The prompt arguments that complete, by prompt; the others complete to nothing. */
const PROMPT_ARGUMENTS: Record<string, Record<string, CompletionKind>> = {
  [SHOPPING_ASSISTANT]: { customerId: 'customerId', category: 'category' },
  [EXPLAIN_RECOMMENDATIONS]: { customerId: 'customerId' },
};

type Completion = CompleteResult['completion'];
const NOTHING: Completion = { values: [], total: 0, hasMore: false };

/**
 * `completion/complete` for the prompts' arguments and the resource templates' variables:
 * product ids (prefix, from the search index through list_product_ids), category names (from
 * list_categories) and customer ids, which staff complete over the customer list and a customer
 * token only to its own id. An unknown prompt, template or argument is -32602.
 */
export function mcpCompletionPart(deps: McpCompletionDeps): McpSurfacePart {
  return {
    capabilities: { completions: {} },
    register: (server: Server, scope: McpRequestScope) =>
      server.setRequestHandler('completion/complete', async (request, ctx) => ({ completion: await complete(request, scope, ctx, deps) })),
  };
}

async function complete(request: CompleteRequest, scope: McpRequestScope, ctx: ServerContext, deps: McpCompletionDeps): Promise<Completion> {
  const { ref, argument } = request.params;
  const extra = deps.extra?.(ref);
  if (extra) return extra;
  const kind = ref.type === 'ref/prompt' ? promptArgumentKind(ref.name, argument.name) : templateVariableKind(ref.uri, argument.name);
  if (!kind || argument.value.length > MAX_VALUE_CHARS) return NOTHING;
  switch (kind) {
    case 'productId':
      return completeProductIds(scope, ctx, argument.value);
    case 'category':
      return completeCategories(scope, ctx, argument.value);
    case 'customerId':
      return completeCustomerIds(scope, deps.customers, argument.value, MAX_COMPLETION_VALUES);
  }
}

function promptArgumentKind(name: string, argument: string): CompletionKind | undefined {
  const prompt = promptNamed(name);
  if (!prompt) throw invalid(`Unknown prompt: ${name}`);
  if (!prompt.arguments?.some((a) => a.name === argument)) throw invalid(`Prompt ${name} has no argument ${argument}`);
  return PROMPT_ARGUMENTS[name]?.[argument];
}

function templateVariableKind(uri: string, variable: string): CompletionKind | undefined {
  const template = RESOURCE_TEMPLATES.find((t) => t.uriTemplate === uri);
  if (template) {
    if (template.variable !== variable) throw invalid(`Resource template ${uri} has no variable ${variable}`);
    return template.variable;
  }
  // A fixed resource has nothing to complete.
  if (FIXED_RESOURCES.some((r) => r.uri === uri)) return undefined;
  throw invalid(`Unknown resource template: ${uri}`);
}

async function completeProductIds(scope: McpRequestScope, ctx: ServerContext, prefix: string): Promise<Completion> {
  if (!scope.registry.has('list_product_ids')) return NOTHING;
  const page = await readTool<{ items: { productId: string }[]; total: number }>(scope, ctx, 'list_product_ids', { prefix, limit: MAX_COMPLETION_VALUES });
  const values = page.items.map((i) => i.productId);
  return { values, total: page.total, hasMore: page.total > values.length };
}

async function completeCategories(scope: McpRequestScope, ctx: ServerContext, prefix: string): Promise<Completion> {
  if (!scope.registry.has('list_categories')) return NOTHING;
  const { categories } = await readTool<{ categories: { name: string }[] }>(scope, ctx, 'list_categories', {});
  // Letter case and spacing around ">" as category filters compare them.
  const key = prefix.trim() === '' ? '' : categoryKey(prefix);
  const matches = categories.map((c) => c.name).filter((name) => categoryKey(name).startsWith(key));
  return { values: matches.slice(0, MAX_COMPLETION_VALUES), total: matches.length, hasMore: matches.length > MAX_COMPLETION_VALUES };
}

function invalid(message: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message, { code: 'BAD_INPUT' });
}
