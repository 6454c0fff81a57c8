import type { ScoredProduct } from '@reco/base-tools';
import type { SessionTurn } from '../memory/session-turn';
import { COLOURS, extractEntities, type MessageEntities } from './message-entities';
import {
  lastShownProducts,
  type ExecuteStep,
  type ExecutedCall,
  type PlannedCall,
  type Planner,
  type PlannerOutcome,
  type PlannerTurn,
} from './planner';

/** How many products a rule plan asks each tool for. */
export const RULE_K = 5;

/** A rule plan: independent calls first, then calls that need their results (a product named by name). */
export interface RulePlan {
  intents: string[];
  notes: string[];
  /** A reply that needs no tool (greeting, help). */
  answer?: string;
  calls: PlannedCall[];
  /** Builds the second step from the first step's results. */
  then?: (results: readonly ExecutedCall[]) => PlannedCall[];
}

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
  detail: /\b(tell me (more )?about|details (of|for|on|about)|what is|what's|info(rmation)? (on|about)|describe|price of|how much is|show me)\b/,
  cheaper: /\bcheaper\b|\bless expensive\b|\blower price|\bbudget\b/,
  pricier: /\bmore expensive\b|\bpricier\b|\bfancier\b|\bhigher price/,
  more: /^\W*(and )?(show( me)? )?(some )?(more|next|more results|next page|others|any more|anything else)( (please|ones|of those|results))?\W*$/,
  itRef: /\b(it|this|that|this one|that one|them|those|these)\b/,
};

const HELP_WORDS = new Set(['help', 'work', 'works', 'are', 'you']);

const STOPWORDS = new Set(
  (
    'a an the some any and or but with without for of to in on at by from is are was be am i me my mine we us our you your ' +
    'do does did have has had can could would should will shall please pls show find search look looking get give want need ' +
    'like love something anything things thing stuff item items product products one ones what which that this these those there ' +
    'it its also just really very much more less than then cost costs costing priced price prices cheap nice good great lovely ' +
    'buy purchase order shop store sell sells selling got see tell about let know okay ok hey hi hello well too as so if how ' +
    'recommend recommends recommendation recommendations suggest suggestion suggestions similar popular together bought often ' +
    'frequently goes go pair pairs pounds pound quid gbp £ same kind sort type other others else all available stock'
  ).split(' '),
);

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
      const followUp = this.followUp(e, text, whole, history, shown, userId);
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

  private followUp(
    e: MessageEntities,
    text: string,
    whole: string,
    history: readonly SessionTurn[],
    shown: readonly ScoredProduct[],
    userId: string | undefined,
  ): { intent: string; call: PlannedCall } | undefined {
    const last = lastProductQuery(history);
    const prices = shown.map((p) => p.unitPrice).filter((n) => Number.isFinite(n));
    if (P.cheaper.test(text) && e.maxPrice === undefined && (last || shown.length)) {
      const ceiling = prices.length ? round2(Math.min(...prices) - 0.01) : undefined;
      const maxPrice = ceiling !== undefined && ceiling > 0 ? ceiling : undefined;
      return { intent: 'cheaper', call: reshape(last, shown, userId, { maxPrice, minPrice: undefined }) };
    }
    if (P.pricier.test(text) && e.minPrice === undefined && (last || shown.length)) {
      const floor = prices.length ? round2(Math.max(...prices) + 0.01) : undefined;
      return { intent: 'pricier', call: reshape(last, shown, userId, { minPrice: floor, maxPrice: undefined }) };
    }
    if (P.more.test(whole) && last?.name === 'search_products') {
      const limit = Number(last.args['limit'] ?? RULE_K);
      return { intent: 'more', call: { name: 'search_products', args: { ...last.args, offset: Number(last.args['offset'] ?? 0) + limit } } };
    }
    const onlyColour = e.colours.length && !searchTerms(e.rest).some((t) => !COLOURS.includes(t));
    if (onlyColour && (last?.name === 'search_products' || shown.length)) {
      const base = last?.name === 'search_products' ? String(last.args['query']) : shown[0].description.toLowerCase();
      const words = base.split(/\s+/).filter((w) => w && !COLOURS.includes(w));
      const args: Record<string, unknown> = last?.name === 'search_products' ? { ...last.args } : { limit: RULE_K };
      delete args['offset'];
      return { intent: 'colour', call: { name: 'search_products', args: { ...args, query: [...e.colours, ...words].join(' ') } } };
    }
    return undefined;
  }
}

const SIMILAR_KEYWORD = /like|similar to|alternatives? (?:to|for)/;
const SIGN_IN_NOTE = 'Sign in to see your own orders, profile and segment.';

function priceArgs(e: MessageEntities): { minPrice?: number; maxPrice?: number } {
  return withDefined({ minPrice: e.minPrice, maxPrice: e.maxPrice });
}

function withDefined<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function searchTerms(rest: string): string[] {
  const words = rest
    .toLowerCase()
    .replace(/[^a-z0-9'\- ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !STOPWORDS.has(w) && !/^\d+$/.test(w) && w.length > 1);
  return [...new Set(words)];
}

/** The product name after a keyword ("something like the rabbit night light" → "rabbit night light"). */
function nameAfter(text: string, keyword: RegExp): string | undefined {
  const match = new RegExp(String.raw`\b(?:${keyword.source})\b(.*)$`).exec(text);
  const terms = match ? searchTerms(match[match.length - 1] ?? '') : [];
  return terms.length ? terms.join(' ') : undefined;
}

function hasNameAfter(text: string, keyword: RegExp): boolean {
  return nameAfter(text, keyword) !== undefined;
}

function pick<T>(list: readonly T[], ordinal: number): T | undefined {
  return ordinal < 0 ? list[list.length + ordinal] : list[ordinal];
}

/** The latest successful call that listed products by a query or for the user, to reshape. */
function lastProductQuery(history: readonly SessionTurn[]): PlannedCall | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const calls = history[i].toolCalls.filter((c) => c.ok && (c.name === 'search_products' || c.name === 'get_recommendations'));
    if (calls.length) return { name: calls[calls.length - 1].name, args: calls[calls.length - 1].args };
  }
  return undefined;
}

function reshape(
  last: PlannedCall | undefined,
  shown: readonly ScoredProduct[],
  userId: string | undefined,
  bounds: { minPrice?: number; maxPrice?: number },
): PlannedCall {
  const base: PlannedCall = last ?? { name: 'search_products', args: { query: searchTerms(shown[0]?.description ?? '').slice(0, 3).join(' '), limit: RULE_K } };
  const args: Record<string, unknown> = { ...base.args, ...bounds };
  delete args['offset'];
  if (base.name === 'get_recommendations' && userId) args['userId'] = userId;
  return { name: base.name, args: withDefined(args) };
}

function firstProductOf(call: ExecutedCall | undefined): { productId: string } | undefined {
  const items = (call?.ok ? (call.data as { items?: unknown }) : undefined)?.items;
  const first = Array.isArray(items) ? (items[0] as { productId?: unknown } | undefined) : undefined;
  return typeof first?.productId === 'string' ? { productId: first.productId } : undefined;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
