import type { ScoredProduct } from '@reco/base-tools';
import type { ToolCallRecord } from '../memory/session-turn';

export interface ChatTimings {
  totalMs: number;
  /** Sum over steps of each step's wall time (calls within a step overlap). */
  toolsWallMs: number;
  slowestToolMs: number;
}

/** One turn's outcome. */
export interface ChatResult {
  sessionId: string;
  answer: string;
  products: ScoredProduct[];
  toolCalls: ToolCallRecord[];
  timings: ChatTimings;
  /** Which planner produced the turn. */
  planner: 'rules' | 'llm';
  /** Why the LLM planner was set aside for this turn, when it was configured but failed. */
  fallbackReason?: string;
  intents: string[];
}
