import type { SessionTurn } from '../memory/session-turn';
import { attributeKind } from './attributes';
import { asksSomething, P, planClause, type ClauseContext } from './clause-planner';
import { splitClauses } from './clauses';
import { extractEntities } from './message-entities';
import {
  lastShownProducts,
  type ExecuteStep,
  type IntentSlots,
  type PlannedCall,
  type Planner,
  type PlannerOutcome,
  type PlannerTurn,
} from './planner';
import { withDefined, type RulePlan } from './rule-plan';
import { searchTerms } from './search-terms';
import { unreadable } from './unsupported';

export const GREETING_ANSWER =
  'Hello! I can find products ("red lantern under £5"), suggest things for you ("what should I buy?"), show similar items or what is bought together, your orders and what kind of customer you are, and what is popular in a country.';
export const HELP_ANSWER =
  'I can search the shop ("jumbo bag under £3"), recommend products for you, find "something like" a product, show what is "bought together with" it, list your orders, tell you your customer segment and show what is popular in a country (e.g. "popular in France"). Follow-ups like "cheaper ones" or "more like the second one" work too.';
const THANKS_ANSWER = 'You are welcome! Anything else I can find for you?';

const GREETING = /^\W*(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening))( there)?\W*$/;
const THANKS = /^\W*(thanks|thank you|thankyou|cheers|ta|great,? thanks|perfect,? thanks)( so much| very much| a lot| again)?\W*$/;

/**
 * Deterministic planner, no network: the message is split into asks (clauses), each read against
 * a table of patterns for its intent and slots (product words, attributes, prices, quantity,
 * references), with follow-ups resolved from session memory. What it cannot read is `unsupported`.
 */
export class RulePlanner implements Planner {
  readonly kind = 'rules' as const;

  async run(turn: PlannerTurn, execute: ExecuteStep): Promise<PlannerOutcome> {
    const plan = this.plan(turn.message, { userId: turn.userId, history: turn.history });
    const outcome: PlannerOutcome = { intents: plan.intents, notes: plan.notes, answer: plan.answer, understood: plan.understood };
    if (!plan.calls.length) return outcome;
    const first = await execute(plan.calls);
    const second = plan.then?.(first) ?? [];
    if (second.length && !turn.signal.aborted) await execute(second);
    return outcome;
  }

  plan(message: string, context: { userId?: string; history?: readonly SessionTurn[] } = {}): RulePlan {
    const plan: RulePlan = { intents: [], notes: [], understood: [], calls: [] };
    const whole = message.toLowerCase().trim();
    const only = (intent: string, answer?: string): RulePlan => ({ ...plan, intents: [intent], understood: [{ intent, slots: {} }], answer });
    if (GREETING.test(whole)) return only('greeting', GREETING_ANSWER);
    if (THANKS.test(whole)) return only('thanks', THANKS_ANSWER);
    // The composer answers `unsupported` with what the assistant can do; nothing is searched.
    if (unreadable(message)) return only('unsupported');

    const history = context.history ?? [];
    const ctx: ClauseContext = { userId: context.userId, history, shown: lastShownProducts(history), plan, thens: [] };
    const deferred: { call: PlannedCall; slots: IntentSlots }[] = [];
    let shared: { minPrice?: number; maxPrice?: number } | undefined;
    const clauses = splitClauses(message, hasProductWords);
    for (const clause of clauses) {
      // "I've only got a tenner, any tablecloths?": a bare price beside a product ask is that ask's budget.
      const budget = clauses.length > 1 && clauses.some(hasProductWords) ? bareBudget(clause) : undefined;
      if (budget) {
        shared ??= budget;
        continue;
      }
      const result = planClause(clause, ctx);
      if (result.deferredSearch) deferred.push(result.deferredSearch);
      shared ??= result.sharedBounds;
    }
    // A context sentence ("we're having a party") is searched only when nothing else was asked.
    if (!plan.intents.length) {
      for (const { call, slots } of deferred) {
        plan.intents.push('search');
        plan.understood.push({ intent: 'search', slots });
        plan.calls.push(call);
      }
    }
    if (shared) applySharedBounds(plan, shared);
    if (ctx.thens.length) plan.then = (results) => ctx.thens.flatMap((then) => then(results));

    if (!plan.intents.length) {
      if (P.help.test(whole) || !searchTerms(whole).length && /\?\s*$/.test(whole)) return only('help', HELP_ANSWER);
      return only('unsupported');
    }
    return plan;
  }
}

/** "6 mugs and a teapot, both under a tenner": the price applies to every search of the message. */
function applySharedBounds(plan: RulePlan, bounds: { minPrice?: number; maxPrice?: number }): void {
  plan.calls.forEach((call, i) => {
    if (call.name !== 'search_products' || call.args['limit'] === 1) return;
    if (call.args['minPrice'] !== undefined || call.args['maxPrice'] !== undefined) return;
    const args = { ...call.args };
    if (bounds.minPrice !== undefined) args['minPrice'] = bounds.minPrice;
    if (bounds.maxPrice !== undefined) args['maxPrice'] = bounds.maxPrice;
    plan.calls[i] = { ...call, args };
  });
  for (const u of plan.understood) if (u.intent === 'search' && u.slots.minPrice === undefined && u.slots.maxPrice === undefined) Object.assign(u.slots, bounds);
}

/** The price bounds of a clause that says nothing but a price, else undefined. */
function bareBudget(clause: string): { minPrice?: number; maxPrice?: number } | undefined {
  const e = extractEntities(clause);
  if (e.minPrice === undefined && e.maxPrice === undefined) return undefined;
  if (searchTerms(e.rest).length || asksSomething(` ${e.rest} `)) return undefined;
  return withDefined({ minPrice: e.minPrice, maxPrice: e.maxPrice });
}

function hasProductWords(text: string): boolean {
  return searchTerms(extractEntities(text).rest).some((t) => !attributeKind(t));
}
