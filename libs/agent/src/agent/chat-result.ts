import type { ScoredProduct } from '@reco/base-tools';
import type { AnswerSection } from '../answer/answer-composer';
import type { ProductCard } from '../answer/product-cards';
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
  /** The products named, as cards: the agent's own turns always set `why` (the reason for the shopper) and `intent`. */
  products: (ScoredProduct & Partial<Pick<ProductCard, 'why' | 'intent'>>)[];
  toolCalls: ToolCallRecord[];
  timings: ChatTimings;
  /** Which planner produced the turn. */
  planner: 'rules' | 'llm';
  /** Why the LLM planner was set aside for this turn, when it was configured but failed. */
  fallbackReason?: string;
  intents: string[];
  /** The answer's paragraphs, one per intent in the message's order (the agent's own turns always set it). */
  sections?: AnswerSection[];
}
