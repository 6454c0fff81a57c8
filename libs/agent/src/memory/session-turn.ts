import type { ScoredProduct, ToolErrorBody } from '@reco/base-tools';

/** A tool call as remembered and reported: no payload, just what ran and how it went. */
export interface ToolCallRecord {
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
  ms: number;
  error?: ToolErrorBody;
}

/** One question and its answer, as session memory keeps it. */
export interface SessionTurn {
  message: string;
  answer: string;
  planner: 'rules' | 'llm';
  intents: string[];
  toolCalls: ToolCallRecord[];
  /** Products shown, in order: "the second one" indexes into this. */
  products: ScoredProduct[];
  /** ISO 8601. */
  at: string;
}
