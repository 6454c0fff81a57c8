import type { InjectionToken } from 'tsyringe';
import type { CreateEnhancedTools, CreateHybridAgent } from './agent/hybrid-agent-factory';

/** Container tokens of @reco/agent (registered by @reco/runtime's agent module). */
export const AGENT_TOKENS = {
  /** `createHybridAgent`: one agent per conversation, bound to one shopper. */
  HybridAgentFactory: Symbol('HybridAgentFactory') as InjectionToken<CreateHybridAgent>,
  /** `createEnhancedTools`: the tool set bound to one caller. */
  EnhancedToolsFactory: Symbol('EnhancedToolsFactory') as InjectionToken<CreateEnhancedTools>,
} as const;
