import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScoredProduct } from '@reco/base-tools';
import type { SessionTurn } from '../../memory/session-turn';
import type { ExecutedCall, Planner, PlannerOutcome } from '../../planner/planner';
import { stubExecute } from './stub-shop';

export interface ExpectedCall {
  tool: string;
  [arg: string]: unknown;
}

export interface LabelledTurn {
  say: string;
  intents?: string[];
  slots?: Record<string, unknown>;
  calls: ExpectedCall[];
}

export interface LabelledSession {
  class: string;
  user?: string | null;
  turns: LabelledTurn[];
}

export const DEFAULT_USER = '17850';

export function loadLabelledSessions(): LabelledSession[] {
  const file = path.join(__dirname, '..', 'shopper-turns.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { sessions: LabelledSession[] }).sessions;
}

export interface TurnVerdict {
  class: string;
  say: string;
  problems: string[];
  outcome: PlannerOutcome;
  calls: ExecutedCall[];
}

/** Runs each session's turns in order through the planner, remembering each turn as the agent would. */
export async function runSession(planner: Planner, session: LabelledSession): Promise<TurnVerdict[]> {
  const userId = session.user === null ? undefined : (session.user ?? DEFAULT_USER);
  const history: SessionTurn[] = [];
  const verdicts: TurnVerdict[] = [];
  for (const turn of session.turns) {
    const calls: ExecutedCall[] = [];
    const outcome = await planner.run({ message: turn.say, userId, history, signal: new AbortController().signal }, stubExecute(calls));
    const previous = history.at(-1)?.products ?? [];
    verdicts.push({ class: session.class, say: turn.say, problems: judge(turn, outcome, calls, previous), outcome, calls });
    history.push({
      message: turn.say, answer: '', planner: planner.kind, intents: outcome.intents, at: '2026-01-01T00:00:00Z',
      toolCalls: calls.map((c) => ({ name: c.name, args: c.args, ok: c.ok, ms: c.ms })),
      products: shownProducts(calls),
    });
  }
  return verdicts;
}

/** What the shopper saw: every listed product except a one-hit name lookup that a later step used. */
function shownProducts(calls: readonly ExecutedCall[]): ScoredProduct[] {
  const lookup = (c: ExecutedCall) => c.name === 'search_products' && c.args['limit'] === 1 && calls.some((o) => o.step > c.step);
  return calls.filter((c) => !lookup(c)).flatMap((c) => {
    const data = c.data as { items?: ScoredProduct[]; productId?: string } | undefined;
    if (Array.isArray(data?.items)) return data.items;
    return data?.productId ? [data as ScoredProduct] : [];
  });
}

function judge(turn: LabelledTurn, outcome: PlannerOutcome, calls: readonly ExecutedCall[], previous: readonly ScoredProduct[]): string[] {
  const problems: string[] = [];
  for (const intent of turn.intents ?? []) {
    if (!outcome.intents.includes(intent)) problems.push(`intent ${intent} missing (got ${outcome.intents.join(', ') || 'none'})`);
  }
  if (turn.slots) {
    const understood = (outcome as { understood?: { slots: Record<string, unknown> }[] }).understood ?? [];
    const fits = understood.some((u) => Object.entries(turn.slots ?? {}).every(([k, v]) => sameValue(u.slots[k], v)));
    if (!fits) problems.push(`no intent with slots ${JSON.stringify(turn.slots)} (got ${JSON.stringify(understood.map((u) => u.slots))})`);
  }
  const left = [...calls];
  for (const expected of turn.calls) {
    const at = left.findIndex((c) => callMatches(expected, c, previous));
    if (at < 0) problems.push(`no call ${JSON.stringify(expected)}`);
    else left.splice(at, 1);
  }
  for (const extra of left) problems.push(`unexpected call ${extra.name} ${JSON.stringify(extra.args)}`);
  return problems;
}

function callMatches(expected: ExpectedCall, call: ExecutedCall, previous: readonly ScoredProduct[]): boolean {
  if (call.name !== expected.tool) return false;
  return Object.entries(expected).every(([key, want]) => {
    if (key === 'tool') return true;
    const got = call.args[key];
    if (want === null) return got === undefined;
    if (key === 'query') return words(String(got ?? '')) === words(String(want));
    if (typeof want === 'string' && /^#\d+$/.test(want)) return got === previous[Number(want.slice(1)) - 1]?.productId;
    return sameValue(got, want);
  });
}

function words(text: string): string {
  return [...new Set(text.toLowerCase().split(/\s+/).filter(Boolean))].sort().join(' ');
}

function sameValue(got: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(got) && words(got.join(' ')) === words(want.join(' '));
  return JSON.stringify(got) === JSON.stringify(want);
}
