import { z } from 'zod';

const ms = (max: number) => z.coerce.number().int().min(1).max(max);

/** Settings of the hybrid agent (@reco/agent); merged into the app config. */
export const agentConfigShape = {
  /** OpenAI-compatible chat-completions API (OpenAI, vLLM, Ollama...). The LLM planner runs only when this and LLM_MODEL are set. */
  LLM_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: ms(600_000).default(15_000),
  /** Tool-calling rounds the LLM may take in one turn. */
  AGENT_MAX_STEPS: z.coerce.number().int().min(1).max(16).default(4),
  /** Timeout of each tool call the agent makes. */
  AGENT_TOOL_TIMEOUT_MS: ms(600_000).default(3_000),
  /** Deadline for all tool calls of one turn. */
  AGENT_TURN_DEADLINE_MS: ms(600_000).default(8_000),
  /** Earlier turns the planner sees. */
  AGENT_MEMORY_TURNS: z.coerce.number().int().min(0).max(100).default(10),
} satisfies z.ZodRawShape;
