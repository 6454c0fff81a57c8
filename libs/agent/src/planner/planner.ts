import type { ScoredProduct, ToolErrorBody } from '@reco/base-tools';
import type { SessionTurn } from '../memory/session-turn';

/** One tool call a planner asks for; `userId` args are rebound to the session's caller later. */
export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

/** A planned call after it ran: the envelope flattened, plus its wall time. */
export interface ExecutedCall extends PlannedCall {
  /** Unique within a turn; the LLM planner uses the model's tool_call_id. */
  id: string;
  step: number;
  ok: boolean;
  ms: number;
  data?: unknown;
  error?: ToolErrorBody;
}

/** Runs one step's calls at once and settles all of them (never throws for a tool failure). */
export type ExecuteStep = (calls: readonly (PlannedCall & { id?: string })[]) => Promise<ExecutedCall[]>;

export interface PlannerTurn {
  message: string;
  /** The bound customer, absent for an anonymous shopper. */
  userId?: string;
  /** Earlier turns of the session, oldest first. */
  history: readonly SessionTurn[];
  signal: AbortSignal;
}

export interface PlannerOutcome {
  /** Final text from the planner (the LLM's answer, or a rule reply such as a greeting); absent: the composer writes it. */
  answer?: string;
  /** What the planner understood, for logs, memory and the composer. */
  intents: string[];
  /** Sentences the composer adds, e.g. a refusal to show another customer's data. */
  notes: string[];
}

/** Turns a message into tool calls, possibly over several dependent steps. */
export interface Planner {
  readonly kind: 'rules' | 'llm';
  run(turn: PlannerTurn, execute: ExecuteStep): Promise<PlannerOutcome>;
}

/** Products shown in the last turn that showed any, for "the second one" and "cheaper". */
export function lastShownProducts(history: readonly SessionTurn[]): ScoredProduct[] {
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].products.length) return history[i].products;
  }
  return [];
}
