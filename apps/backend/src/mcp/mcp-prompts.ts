import { ProtocolError, ProtocolErrorCode, type GetPromptResult, type Prompt, type Server } from '@modelcontextprotocol/server';
import { pageOf } from './mcp-pagination';
import {
  EXPLAIN_DEFAULT_COUNT,
  EXPLAIN_MAX_COUNT,
  EXPLAIN_RECOMMENDATIONS,
  MAX_REQUEST_CHARS,
  PROMPTS,
  promptNamed,
  SHOPPING_ASSISTANT,
  type RecoPrompt,
} from './mcp-prompts-catalogue';
import { explainRecommendationsMessages, shoppingAssistantMessages, type PromptReads } from './mcp-prompts-messages';
import type { McpRequestScope } from './mcp-request-scope';
import { mayRead, readsSomeCustomer } from './mcp-resources-reads';
import type { McpSurfacePart } from './mcp-server-factory';

export interface McpPromptsOptions {
  /** Items per page of prompts/list (tests make it small). */
  pageSize?: number;
  /** Prompts of another source, under names of their own (the conformance fixtures). */
  extra?: ExtraPrompts;
}

/** Prompts served beside Reco's: listed after them, and got before a name is looked up as Reco's. */
export interface ExtraPrompts {
  prompts: readonly Prompt[];
  /** The messages of prompt `name`, or undefined when it is none of these. */
  get(name: string, args: Record<string, string> | undefined): GetPromptResult | undefined;
}

/**
 * Two prompts over Reco's tools: `shopping_assistant` sets a model up as the shop's assistant,
 * `explain_recommendations` embeds a customer's recommendations and profile and asks why each
 * fits. What they embed is read through the registry with the caller's rights: a caller who may
 * not read that customer gets -32602 with the tool's reason, never the data.
 */
export function mcpPromptsPart(options: McpPromptsOptions = {}): McpSurfacePart {
  return { capabilities: { prompts: {} }, register: (server, scope) => registerMcpPrompts(server, scope, options) };
}

function registerMcpPrompts(server: Server, scope: McpRequestScope, options: McpPromptsOptions): void {
  server.setRequestHandler('prompts/list', async (request) => {
    const visible: Prompt[] = PROMPTS.filter((p) => p.reads.every((tool) => mayRead(scope, tool)) && (!p.needsCustomer || readsSomeCustomer(scope.caller))).map(
      ({ reads: _reads, needsCustomer: _needsCustomer, ...prompt }) => prompt,
    );
    const page = pageOf([...visible, ...(options.extra?.prompts ?? [])], request.params?.cursor, options.pageSize);
    return { prompts: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });

  server.setRequestHandler('prompts/get', async (request, ctx): Promise<GetPromptResult> => {
    const extra = options.extra?.get(request.params.name, request.params.arguments);
    if (extra) return extra;
    const prompt = promptNamed(request.params.name);
    if (!prompt) throw invalid(`Unknown prompt: ${request.params.name}`, { code: 'UNKNOWN_PROMPT' });
    const args = argumentsOf(prompt, request.params.arguments);
    const reads: PromptReads = { scope, ctx };
    switch (prompt.name) {
      case SHOPPING_ASSISTANT:
        if (args.request.length > MAX_REQUEST_CHARS) throw invalid(`Argument request: at most ${MAX_REQUEST_CHARS} characters`, { argument: 'request' });
        return shoppingAssistantMessages(reads, { request: args.request, customerId: args.customerId, category: args.category });
      case EXPLAIN_RECOMMENDATIONS:
        return explainRecommendationsMessages(reads, { customerId: args.customerId, count: countOf(args.count) });
      default:
        throw invalid(`Unknown prompt: ${prompt.name}`, { code: 'UNKNOWN_PROMPT' });
    }
  });
}

/**
 * The arguments given, checked against the prompt's: an unknown name or a missing required one is
 * -32602 naming it. An empty (or blank) value counts as not given, as clients send unset optional
 * fields so.
 */
function argumentsOf(prompt: RecoPrompt, given: Record<string, string> | undefined): Record<string, string> {
  const declared = prompt.arguments ?? [];
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(given ?? {})) {
    if (!declared.some((a) => a.name === name)) throw invalid(`Prompt ${prompt.name} has no argument ${name}`, { argument: name });
    if (value.trim() !== '') args[name] = value;
  }
  const missing = declared.find((a) => a.required && args[a.name] === undefined);
  if (missing) throw invalid(`Missing required argument: ${missing.name}`, { argument: missing.name });
  return args;
}

function countOf(raw: string | undefined): number {
  if (raw === undefined) return EXPLAIN_DEFAULT_COUNT;
  // Plain decimal digits only: Number() alone would also take '0x5', '1e1', '5.0' and '+3'.
  const digits = raw.trim();
  const count = /^[0-9]+$/.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > EXPLAIN_MAX_COUNT) {
    throw invalid(`Argument count: a whole number from 1 to ${EXPLAIN_MAX_COUNT}`, { argument: 'count' });
  }
  return count;
}

function invalid(message: string, data: Record<string, unknown>): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message, { code: 'BAD_INPUT', ...data });
}
