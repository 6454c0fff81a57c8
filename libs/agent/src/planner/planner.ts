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

/** What one ask of a message carries, as far as the planner read it. */
export interface IntentSlots {
  /** The words sent to search: attributes first, then the product words. */
  query?: string;
  /** The head noun ("red lanterns" → "lanterns"). */
  productType?: string;
  /** Colour, material and size words in the catalogue's spelling. */
  attributes?: string[];
  minPrice?: number;
  maxPrice?: number;
  quantity?: number;
  /** "something new to me", "I haven't bought before". */
  newToMe?: boolean;
  /** An invoice number the shopper named. */
  orderRef?: string;
  country?: string;
  productId?: string;
}

/** One ask of a message: "a teapot under £10 and my last order" holds two. */
export interface UnderstoodIntent {
  intent: string;
  slots: IntentSlots;
}

export interface PlannerOutcome {
  /** Final text from the planner (the LLM's answer, or a rule reply such as a greeting); absent: the composer writes it. */
  answer?: string;
  /** What the planner understood, for logs, memory and the composer. */
  intents: string[];
  /** Sentences the composer adds, e.g. a refusal to show another customer's data. */
  notes: string[];
  /** The asks with their slots, in message order (the rules planner sets it). */
  understood?: UnderstoodIntent[];
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
