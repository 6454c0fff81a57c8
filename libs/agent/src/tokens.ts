/** Container token of the `createHybridAgent` factory (registered by @reco/runtime's agent module). */
export const HYBRID_AGENT_FACTORY = Symbol('HybridAgentFactory');

/** Container token of the `createEnhancedTools` factory: the tool set bound to one caller. */
export const ENHANCED_TOOLS_FACTORY = Symbol('EnhancedToolsFactory');
