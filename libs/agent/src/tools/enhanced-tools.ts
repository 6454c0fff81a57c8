import { ASK_SHOPPING_ASSISTANT } from './assistant-tool-name';
import {
  changesShopData,
  mayCall,
  silentLogger,
  toJsonSchema,
  toOpenAiFunctionTool,
  ToolError,
  type AnyTool,
  type Caller,
  type OpenAiFunctionTool,
  type ToolLogger,
  type ToolRegistry,
  type ToolResult,
} from '@reco/base-tools';

export interface EnhancedToolsOptions {
  registry: ToolRegistry;
  /** The customer every `userId` argument is bound to; absent for an anonymous shopper. */
  userId?: string;
  /** Defaults to the customer `userId`, or anonymous. */
  caller?: Caller;
  logger?: ToolLogger;
  /** Timeout for tools that declare none. */
  toolTimeoutMs?: number;
  /** Only these tools (default: every registered tool). */
  only?: readonly string[];
}

export interface EnhancedInvokeOptions {
  signal?: AbortSignal;
  requestId?: string;
  timeoutMs?: number;
}

/** The registry's tools bound to one caller: what the agent (or a sibling app) may call for one shopper. */
export interface EnhancedTools {
  readonly userId: string | undefined;
  readonly caller: Caller;
  names(): string[];
  has(name: string): boolean;
  /** True when the tool takes a `userId` (which the binding fills in). */
  isUserBound(name: string): boolean;
  /** Function-calling schemas; `userId` is removed from them since the model cannot choose it. */
  openAiTools(): OpenAiFunctionTool[];
  /** The args a call really runs with: `userId` replaced by the bound one. */
  bindArgs(name: string, args: Record<string, unknown>): Record<string, unknown>;
  invoke<T = unknown>(name: string, args: Record<string, unknown>, options?: EnhancedInvokeOptions): Promise<ToolResult<T>>;
  /** The timeout a call to `name` runs under. */
  timeoutFor(name: string): number | undefined;
}

/**
 * Binds the registry to one shopper. Whatever a planner or a message says, a tool that reads a
 * customer gets the session's own `userId`, and the caller identity travels in the tool context
 * so user tools can check it too (defence in depth).
 */
export function createEnhancedTools(options: EnhancedToolsOptions): EnhancedTools {
  const { registry, userId } = options;
  const caller: Caller = options.caller ?? (userId ? { kind: 'customer', customerId: userId } : { kind: 'anonymous' });
  if (caller.kind === 'customer' && userId !== undefined && caller.customerId !== userId) {
    throw new Error('createEnhancedTools: a customer caller can only be bound to their own userId');
  }
  const logger = options.logger ?? silentLogger;
  const allowed = options.only ? new Set(options.only) : undefined;
  // The assistant's own tool is for outside callers; the agent never calls itself. A shopping
  // conversation only reads: tools that change the shop (an admin's import or training) are never
  // offered, whoever chats — a planner must not start a training run from a chat message.
  const tools = registry
    .list()
    .filter((t) => t.name !== ASK_SHOPPING_ASSISTANT && !changesShopData(t) && (!allowed || allowed.has(t.name)));
  const byName = new Map(tools.map((t) => [t.name, t]));
  const userBound = new Set(tools.filter(takesUserId).map((t) => t.name));
  let openAi: OpenAiFunctionTool[] | undefined;

  const bindArgs = (name: string, args: Record<string, unknown>): Record<string, unknown> => {
    if (!userBound.has(name)) return { ...args };
    const { userId: _ignored, ...rest } = args;
    return userId === undefined ? rest : { ...rest, userId };
  };

  return {
    userId,
    caller,
    names: () => tools.map((t) => t.name),
    has: (name) => byName.has(name),
    isUserBound: (name) => userBound.has(name),
    // The LLM is offered only what this caller may call; a rule-planned call the tool's access
    // rule refuses still reaches the registry and comes back FORBIDDEN.
    openAiTools: () => (openAi ??= tools.filter((t) => mayCall(t.access, caller)).map((t) => withoutUserId(toOpenAiFunctionTool(t), userBound.has(t.name)))),
    bindArgs,
    timeoutFor: (name) => byName.get(name)?.timeoutMs ?? options.toolTimeoutMs,
    async invoke<T>(name: string, args: Record<string, unknown>, invokeOptions: EnhancedInvokeOptions = {}): Promise<ToolResult<T>> {
      if (!byName.has(name)) {
        return { ok: false, error: new ToolError('UNKNOWN_TOOL', `No tool named ${JSON.stringify(name)}`, { tool: name }).toBody(), ms: 0 };
      }
      if (userBound.has(name) && userId === undefined) {
        return { ok: false, error: ToolError.forbidden('Sign in to see your own profile, orders and segment').toBody(), ms: 0 };
      }
      const timeoutMs = invokeOptions.timeoutMs ?? byName.get(name)?.timeoutMs ?? options.toolTimeoutMs;
      return registry.invoke<T>(
        name,
        bindArgs(name, args),
        { caller, logger, signal: invokeOptions.signal, requestId: invokeOptions.requestId },
        timeoutMs === undefined ? {} : { timeoutMs },
      );
    },
  };
}

function takesUserId(tool: AnyTool): boolean {
  const schema = toJsonSchema(tool.input, 'input');
  const properties = schema['properties'] as Record<string, unknown> | undefined;
  return !!properties && 'userId' in properties;
}

function withoutUserId(tool: OpenAiFunctionTool, bound: boolean): OpenAiFunctionTool {
  if (!bound) return tool;
  const parameters = { ...tool.function.parameters };
  const { userId: _dropped, ...properties } = parameters['properties'] as Record<string, unknown>;
  parameters['properties'] = properties;
  parameters['required'] = ((parameters['required'] as string[] | undefined) ?? []).filter((p) => p !== 'userId');
  const description = `${tool.function.description} (Always about the signed-in customer.)`;
  return { ...tool, function: { ...tool.function, description, parameters } };
}
