import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { askShoppingAssistantTool, ChatRepositorySessionStore, createEnhancedToolsFactory, createHybridAgentFactory, AGENT_TOKENS, lazyChatRepository } from '@reco/agent';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import type { AppConfig } from '../config';
import { RUNTIME_TOKENS } from '../tokens';

/** Registers the hybrid agent (@reco/agent): it composes every tool in the registry. */
export function registerAgentModule(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  const registry = container.resolve(RUNTIME_TOKENS.ToolRegistry);
  const database = container.resolve<DatabaseHandle>(DATA_TOKENS.Database);
  const llm =
    config.LLM_BASE_URL && config.LLM_MODEL
      ? { baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, apiKey: config.LLM_API_KEY, timeoutMs: config.LLM_TIMEOUT_MS, maxSteps: config.AGENT_MAX_STEPS }
      : undefined;
  const options = {
    registry,
    sessionStore: new ChatRepositorySessionStore(lazyChatRepository(() => database.get())),
    sessionCache: container.resolve(RUNTIME_TOKENS.Cache),
    logger: logger.child({ lib: 'agent' }),
    llm,
    toolTimeoutMs: config.AGENT_TOOL_TIMEOUT_MS,
    turnDeadlineMs: config.AGENT_TURN_DEADLINE_MS,
    memoryTurns: config.AGENT_MEMORY_TURNS,
  };
  const createAgent = createHybridAgentFactory(options);
  container.register(AGENT_TOKENS.HybridAgentFactory, { useValue: createAgent });
  // A turn may take the tools' deadline plus every LLM round; the tool's timeout covers all of it.
  const turnBudgetMs = config.AGENT_TURN_DEADLINE_MS + (llm ? config.LLM_TIMEOUT_MS * config.AGENT_MAX_STEPS : 0) + 1_000;
  registry.register(askShoppingAssistantTool(createAgent, turnBudgetMs));
  container.register(AGENT_TOKENS.EnhancedToolsFactory, { useValue: createEnhancedToolsFactory(options) });
  logger.info({ planner: llm ? `llm:${llm.model}` : 'rules' }, 'agent planner configured');
}
