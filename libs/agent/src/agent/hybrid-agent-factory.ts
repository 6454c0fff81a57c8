import { silentLogger, type Caller, type ToolLogger, type ToolRegistry } from '@reco/base-tools';
import { AnswerComposer } from '../answer/answer-composer';
import { LlmPlanner } from '../llm/llm-planner';
import { OpenAiChatClient, type LlmClient } from '../llm/openai-chat-client';
import { SessionMemory, type SessionCache } from '../memory/session-memory';
import type { SessionStore } from '../memory/session-store';
import { RulePlanner } from '../planner/rule-planner';
import type { Gather } from '../runner/gather';
import { ToolRunner } from '../runner/tool-runner';
import { createEnhancedTools, type EnhancedTools } from '../tools/enhanced-tools';
import { HybridAgent } from './hybrid-agent';

/** The LLM planner's settings; with neither `client` nor `baseUrl`+`model`, the agent plans with rules only. */
export interface LlmPlannerConfig {
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  timeoutMs?: number;
  maxSteps?: number;
  /** A ready client (tests, or another protocol); wins over baseUrl/model. */
  client?: LlmClient;
}

export interface HybridAgentFactoryOptions {
  registry: ToolRegistry;
  sessionStore: SessionStore;
  sessionCache?: SessionCache;
  sessionCacheTtlMs?: number;
  /** The executor's gather by default. */
  gather?: Gather;
  logger?: ToolLogger;
  llm?: LlmPlannerConfig;
  /** Timeout of each tool that declares none. */
  toolTimeoutMs?: number;
  /** Deadline for all tool steps of a turn. */
  turnDeadlineMs?: number;
  /** Calls running at once within a step (default: all). */
  concurrency?: number;
  /** Turns a planner sees. */
  memoryTurns?: number;
}

export interface CreateAgentOptions {
  sessionId: string;
  /** The signed-in customer; absent for an anonymous shopper. */
  userId?: string;
  /** Defaults to the customer `userId` (or anonymous). A service or admin caller is still bound to `userId`. */
  caller?: Caller;
  requestId?: string;
}

export type CreateHybridAgent = (options: CreateAgentOptions) => HybridAgent;
export type CreateEnhancedTools = (options: { userId?: string; caller?: Caller }) => EnhancedTools;

export const DEFAULT_AGENT_TOOL_TIMEOUT_MS = 3_000;
export const DEFAULT_TURN_DEADLINE_MS = 8_000;

/** What the container registers: one shared rule planner and composer, one agent per conversation. */
export function createHybridAgentFactory(options: HybridAgentFactoryOptions): CreateHybridAgent {
  const rules = new RulePlanner();
  const composer = new AnswerComposer();
  const llmClient = resolveLlmClient(options.llm);
  const createTools = createEnhancedToolsFactory(options);
  return ({ sessionId, userId, caller, requestId }) => {
    const tools = createTools({ userId, caller });
    const logger = (options.logger ?? silentLogger).child({ component: 'agent' });
    return new HybridAgent({
      sessionId,
      userId,
      rules,
      llm: llmClient ? new LlmPlanner({ client: llmClient, tools, maxSteps: options.llm?.maxSteps }) : undefined,
      runner: new ToolRunner({ tools, gather: options.gather, concurrency: options.concurrency, requestId }),
      memory: new SessionMemory(
        { store: options.sessionStore, cache: options.sessionCache, maxTurns: options.memoryTurns, cacheTtlMs: options.sessionCacheTtlMs },
        sessionId,
        userId,
      ),
      composer,
      // Staff keys act for a customer but read the shop's own words (segment labels, invoice numbers).
      audience: caller?.kind === 'service' || caller?.kind === 'admin' ? 'staff' : 'customer',
      logger,
      turnDeadlineMs: options.turnDeadlineMs ?? DEFAULT_TURN_DEADLINE_MS,
    });
  };
}

/** `createEnhancedTools({ userId })` for the container: the registry's tools bound to one shopper. */
export function createEnhancedToolsFactory(options: { registry: ToolRegistry; logger?: ToolLogger; toolTimeoutMs?: number }): CreateEnhancedTools {
  return ({ userId, caller }) =>
    createEnhancedTools({
      registry: options.registry,
      userId,
      caller,
      logger: options.logger,
      toolTimeoutMs: options.toolTimeoutMs ?? DEFAULT_AGENT_TOOL_TIMEOUT_MS,
    });
}

function resolveLlmClient(config: LlmPlannerConfig | undefined): LlmClient | undefined {
  if (config?.client) return config.client;
  if (config?.baseUrl && config.model) {
    return new OpenAiChatClient({ baseUrl: config.baseUrl, model: config.model, apiKey: config.apiKey, timeoutMs: config.timeoutMs });
  }
  return undefined;
}
