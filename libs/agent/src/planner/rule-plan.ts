import type { ExecutedCall, PlannedCall, UnderstoodIntent } from './planner';

/** How many products a rule plan asks each tool for. */
export const RULE_K = 5;

/** A rule plan: independent calls first, then calls that need their results (a product named by name). */
export interface RulePlan {
  intents: string[];
  notes: string[];
  /** Each ask with its slots, in message order. */
  understood: UnderstoodIntent[];
  /** A reply that needs no tool (greeting, help). */
  answer?: string;
  calls: PlannedCall[];
  /** Builds the second step from the first step's results. */
  then?: (results: readonly ExecutedCall[]) => PlannedCall[];
}

/** The args without their undefined values: a call carries only what the message gave. */
export function withDefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
