// Public API of @reco/agent: the hybrid shopping assistant (rules or LLM planner, concurrent tool
// runner, session memory, answer composer, event stream) and the tools bound to one shopper.
export { HybridAgent, type ChatOptions, type HybridAgentOptions } from './agent/hybrid-agent';
export {
  createEnhancedToolsFactory,
  createHybridAgentFactory,
  DEFAULT_AGENT_TOOL_TIMEOUT_MS,
  DEFAULT_TURN_DEADLINE_MS,
  type CreateAgentOptions,
  type CreateEnhancedTools,
  type CreateHybridAgent,
  type HybridAgentFactoryOptions,
  type LlmPlannerConfig,
} from './agent/hybrid-agent-factory';
export type { AgentEvent } from './agent/agent-events';
export type { ChatResult, ChatTimings } from './agent/chat-result';

export { createEnhancedTools, type EnhancedInvokeOptions, type EnhancedTools, type EnhancedToolsOptions } from './tools/enhanced-tools';

export type { ExecuteStep, ExecutedCall, PlannedCall, Planner, PlannerOutcome, PlannerTurn } from './planner/planner';
export { RulePlanner } from './planner/rule-planner';
export { RULE_K, type RulePlan } from './planner/rule-plan';
export { extractEntities, type MessageEntities, type PriceBounds } from './planner/message-entities';
export { SHOP_COUNTRIES, findCountry } from './planner/shop-countries';
export { DEFAULT_MAX_STEPS, LlmPlanner, type LlmPlannerOptions } from './llm/llm-planner';
export {
  DEFAULT_LLM_TIMEOUT_MS,
  LlmError,
  OpenAiChatClient,
  type ChatCompletionReply,
  type ChatCompletionRequest,
  type ChatMessageParam,
  type LlmClient,
  type LlmErrorReason,
  type OpenAiChatClientOptions,
} from './llm/openai-chat-client';

export { ToolRunner, type StepOptions, type StepResult, type ToolRunnerOptions } from './runner/tool-runner';
export { defaultGather, type Gather, type GatherSettled, type GatherTask } from './runner/gather';

export type { SessionTurn, ToolCallRecord } from './memory/session-turn';
export { SessionAccessError, type SessionStore } from './memory/session-store';
export { InMemorySessionStore } from './memory/in-memory-session-store';
export { ChatRepositorySessionStore } from './memory/chat-repository-session-store';
export { DEFAULT_MEMORY_TURNS, SessionMemory, type SessionCache, type SessionMemoryOptions } from './memory/session-memory';

export { AnswerComposer, NAMED_PRODUCTS, TOOL_LABELS, type ComposeInput, type ComposedAnswer } from './answer/answer-composer';
export { lazyChatRepository } from './memory/lazy-chat-repository';
export { AGENT_TOKENS } from './tokens';
export { ASK_SHOPPING_ASSISTANT, askShoppingAssistantTool } from './tools/ask-shopping-assistant.tool';
