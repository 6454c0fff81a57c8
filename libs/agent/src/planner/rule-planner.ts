import type { ScoredProduct } from '@reco/base-tools';
import type { SessionTurn } from '../memory/session-turn';
import { planFollowUp } from './follow-up';
import { extractEntities, type MessageEntities } from './message-entities';
import {
  lastShownProducts,
  type ExecuteStep,
  type ExecutedCall,
  type PlannedCall,
  type Planner,
  type PlannerOutcome,
  type PlannerTurn,
} from './planner';
import { RULE_K, withDefined, type RulePlan } from './rule-plan';
import { hasNameAfter, nameAfter, searchTerms } from './search-terms';

export const GREETING_ANSWER =
  'Hello! I can find products ("red lantern under £5"), suggest things for you ("what should I buy?"), show similar items or what is bought together, your orders and what kind of customer you are, and what is popular in a country.';
export const HELP_ANSWER =
  'I can search the shop ("jumbo bag under £3"), recommend products for you, find "something like" a product, show what is "bought together with" it, list your orders, tell you your customer segment and show what is popular in a country (e.g. "popular in France"). Follow-ups like "cheaper ones" or "more like the second one" work too.';
const THANKS_ANSWER = 'You are welcome! Anything else I can find for you?';

const P = {
  greeting: /^\W*(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening))( there)?\W*$/,
  thanks: /^\W*(thanks|thank you|cheers|ta|great,? thanks)( very much| a lot)?\W*$/,
  help: /\b(help|what can you do|how does this work|what do you do|what are you)\b/,
  orders:
    /\bmy (last |latest |recent |previous |past )?(orders?|purchases?|invoices?)\b|\b(order|purchase) history\b|\bwhat (did|have) i (buy|bought|order|ordered|purchase|purchased)\b|\b(last|latest|recent|previous|past) (orders?|purchases?)\b|\borders? (of|for|from)\b|\bpurchases? (of|by)\b/,
  lastOne: /\b(last|latest|most recent) (order|purchase)\b(?!s)/,
  profile: /\bmy (profile|account|details)\b|\bwho am i\b|\babout me\b|\bprofile\b/,
  segmentSummary: /\bsegments? (summary|overview|breakdown)\b|\ball (the )?segments\b|\bcustomer segments\b|\bhow many customers\b/,
  segment: /\bwhat (kind|type|sort) of (a )?(customer|shopper|buyer)\b|\bmy (customer )?(segment|tier|status|rfm)\b|\bsegment\b|\bwhich group\b/,
  recommend:
    /\brecommend|\bsuggest|\bwhat should i (buy|get|order|try)\b|\bfor me\b|\bmy picks\b|\bgift ideas?\b|\bsurprise me\b|\bideas for me\b/,
  popular: /\b(popular|best[- ]?sell(ers?|ing)|top sellers?|trending|most (bought|sold|ordered)|top products|hot right now)\b/,
  together:
    /\b(bought|purchased|ordered|goes|go|pairs?|sold) (well |together )?with\b|\bfrequently bought\b|\bbought together\b|\bcomplements?\b/,
  similar: /\bsimilar\b|\blike (the|this|that|it|those|these|a|an|\d)|\blike [a-z]|\balternatives?\b|\bmore like\b/,
  itRef: /\b(it|this|that|this one|that one|them|those|these)\b/,
};

const HELP_WORDS = new Set(['help', 'work', 'works', 'are', 'you']);

/** Deterministic planner: intents and entities from the message and session memory, no network. */
export class RulePlanner implements Planner {
  readonly kind = 'rules' as const;

  async run(turn: PlannerTurn, execute: ExecuteStep): Promise<PlannerOutcome> {
    const plan = this.plan(turn.message, { userId: turn.userId, history: turn.history });
    const outcome: PlannerOutcome = { intents: plan.intents, notes: plan.notes, answer: plan.answer };
    if (!plan.calls.length) return outcome;
    const first = await execute(plan.calls);
    const second = plan.then?.(first) ?? [];
    if (second.length && !turn.signal.aborted) await execute(second);
    return outcome;
  }

  plan(message: string, context: { userId?: string; history?: readonly SessionTurn[] } = {}): RulePlan {
    const history = context.history ?? [];
    const userId = context.userId;
    const e = extractEntities(message);
    const text = ` ${e.rest} `;
    const plan: RulePlan = { intents: [], notes: [], calls: [] };
    const add = (intent: string, ...calls: PlannedCall[]) => {
      plan.intents.push(intent);
      plan.calls.push(...calls);
    };
    const shown = lastShownProducts(history);
    const whole = message.toLowerCase().trim();

    if (P.greeting.test(whole)) return { ...plan, intents: ['greeting'], answer: GREETING_ANSWER };
    if (P.thanks.test(whole)) return { ...plan, intents: ['thanks'], answer: THANKS_ANSWER };

    // Another customer's data is never read, whatever the message asks; the shopper is told why.
    const personalAllowed = !e.namedCustomerId || e.namedCustomerId === userId;
    const personal = (intent: string, call: PlannedCall) => {
      if (!personalAllowed) return;
      if (!userId) {
        if (!plan.notes.includes(SIGN_IN_NOTE)) plan.notes.push(SIGN_IN_NOTE);
        plan.intents.push(intent);
        return;
      }
      add(intent, call);
    };
    const wantsPersonal = P.orders.test(text) || P.profile.test(text) || P.segment.test(text);
    if (!personalAllowed && (wantsPersonal || P.recommend.test(text))) {
      plan.intents.push('other-customer');
      plan.notes.push(`I can only show your own account, so I won't look up customer ${e.namedCustomerId}.`);
    }

    if (P.orders.test(text)) {
      personal('orders', { name: 'get_purchase_history', args: { userId, limit: P.lastOne.test(text) ? 1 : RULE_K } });
    }
    if (P.profile.test(text) && !P.orders.test(text)) personal('profile', { name: 'get_user_profile', args: { userId } });
    if (P.segmentSummary.test(text)) add('segment-summary', { name: 'get_segment_summary', args: {} });
    else if (P.segment.test(text)) personal('segment', { name: 'get_user_segment', args: { userId } });

    const prices = priceArgs(e);
    const reference = this.reference(e, text, shown);
    const together = P.together.test(whole);
    const similar =
      !together && P.similar.test(whole) && (reference !== undefined || e.ordinal !== undefined || hasNameAfter(text, SIMILAR_KEYWORD));

    if (together || similar) {
      const tool = together ? 'get_frequently_bought_together' : 'get_similar_products';
      const intent = together ? 'bought-together' : 'similar';
      if (reference) add(intent, { name: tool, args: { productId: reference, k: RULE_K } });
      else {
        const name = nameAfter(text, together ? /with|together/ : SIMILAR_KEYWORD);
        if (name) {
          // Named, not coded: find it first, then ask about the top hit.
          add(intent, { name: 'search_products', args: { query: name, limit: 1 } });
          plan.then = (results) => {
            const hit = firstProductOf(results.find((r) => r.name === 'search_products' && r.args['query'] === name));
            return hit ? [{ name: tool, args: { productId: hit.productId, k: RULE_K } }] : [];
          };
        } else if (e.ordinal !== undefined) {
          plan.notes.push(`I don't have a product number ${e.ordinal + 1} from earlier; ask me to search first.`);
        }
      }
    }

    if (P.popular.test(text)) {
      add('popular', { name: 'get_popular_products', args: withDefined({ k: RULE_K, country: e.country }) });
    }

    const terms = searchTerms(e.rest);
    const anyProductIntent = together || similar || P.popular.test(text);
    if (P.recommend.test(text) && personalAllowed) {
      if (userId) add('recommend', { name: 'get_recommendations', args: { userId, k: RULE_K, excludePurchased: true, ...prices } });
      else if (!anyProductIntent) add('recommend', { name: 'get_popular_products', args: withDefined({ k: RULE_K, country: e.country }) });
    }

    // Follow-ups that reshape the last product query.
    if (!plan.calls.length && !plan.intents.length) {
      const followUp = planFollowUp(e, text, whole, history, shown, userId);
      if (followUp) {
        add(followUp.intent, followUp.call);
        return plan;
      }
    }

    if (!anyProductIntent && e.productIds.length && !plan.intents.includes('orders')) {
      if (e.productIds.length === 1) add('product', { name: 'get_product', args: { productId: e.productIds[0] } });
      else add('products', { name: 'get_products', args: { productIds: e.productIds } });
    } else if (!anyProductIntent && !plan.calls.length && e.ordinal !== undefined && shown.length) {
      const product = pick(shown, e.ordinal);
      if (product) add('product', { name: 'get_product', args: { productId: product.productId } });
    }

    if (!plan.intents.length && P.help.test(text) && terms.every((t) => HELP_WORDS.has(t))) {
      return { ...plan, intents: ['help'], answer: HELP_ANSWER };
    }
    const searchable = terms.length && !anyProductIntent && !e.productIds.length && !wantsPersonal && !P.segmentSummary.test(text);
    if (searchable || (!plan.intents.length && (prices.maxPrice !== undefined || prices.minPrice !== undefined))) {
      if (terms.length || !plan.intents.includes('recommend')) {
        const query = terms.join(' ') || 'gift';
        add('search', { name: 'search_products', args: { query, limit: RULE_K, ...prices } });
      }
    }

    if (!plan.intents.length) {
      if (P.help.test(text)) return { ...plan, intents: ['help'], answer: HELP_ANSWER };
      return { ...plan, intents: ['unknown'], answer: `Sorry, I didn't catch that. ${HELP_ANSWER}` };
    }
    return plan;
  }

  /** A product the message points at: a stock code, "the second one", or "it" (the first shown). */
  private reference(e: MessageEntities, text: string, shown: readonly ScoredProduct[]): string | undefined {
    if (e.productIds.length) return e.productIds[0];
    if (e.ordinal !== undefined) return pick(shown, e.ordinal)?.productId;
    if (P.itRef.test(text) && shown.length && !searchTerms(nameAfter(text, /like|with|similar to/) ?? '').length) {
      return shown[0].productId;
    }
    return undefined;
  }
}

const SIMILAR_KEYWORD = /like|similar to|alternatives? (?:to|for)/;
const SIGN_IN_NOTE = 'Sign in to see your own orders, profile and segment.';

function priceArgs(e: MessageEntities): { minPrice?: number; maxPrice?: number } {
  return withDefined({ minPrice: e.minPrice, maxPrice: e.maxPrice });
}

function pick<T>(list: readonly T[], ordinal: number): T | undefined {
  return ordinal < 0 ? list[list.length + ordinal] : list[ordinal];
}

function firstProductOf(call: ExecutedCall | undefined): { productId: string } | undefined {
  const items = (call?.ok ? (call.data as { items?: unknown }) : undefined)?.items;
  const first = Array.isArray(items) ? (items[0] as { productId?: unknown } | undefined) : undefined;
  return typeof first?.productId === 'string' ? { productId: first.productId } : undefined;
}
