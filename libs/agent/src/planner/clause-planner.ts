import type { ScoredProduct } from '@reco/base-tools';
import type { SessionTurn } from '../memory/session-turn';
import { attributeKind } from './attributes';
import { planFollowUp } from './follow-up';
import { extractEntities, type MessageEntities } from './message-entities';
import type { ExecutedCall, IntentSlots, PlannedCall } from './planner';
import { RULE_K, withDefined, type RulePlan } from './rule-plan';
import { dropFiller, nameAfter, productType, searchQuery, searchTerms } from './search-terms';

// "My last order" reads a few: the newest invoice is often a return, and the answer shows the
// latest purchase past it (the composer keeps only that one for last-order and order-shipping).
const LAST_ORDER_WINDOW = 5;

// The table of intent patterns, read against one clause with its filler phrases blanked.
export const P = {
  help: /\b(help|what can you do|how does this work|what do you do|what are you)\b/,
  shipping:
    /\b(deliver(y|ies|ed)?|shipping|shipped|ship|dispatch(ed)?|arriv(e|es|ed|ing)|track(ing)?|parcel|courier|postage|refund(s|ed)?|return(s|ing)?|exchange)\b|\bwhere(?:'s| is) my (order|stuff|package)\b/,
  personalRef: /\b(my|i|order|orders|bought)\b/,
  orders:
    /\bmy (last |latest |recent |previous |past )?(\d+ |two |three |few )?(orders?|purchases?|invoices?)\b|\b(order|purchase) history\b|\bwhat (did|have) i (buy|bought|order|ordered|purchase|purchased|get|got)\b|\b(last|latest|recent|previous|past) (\d+ |two |three |few )?(orders?|purchases?)\b|\borders? (of|for|from)\b|\bpurchases? (of|by)\b/,
  lastOne: /\b(last|latest|most recent) (order|purchase)\b(?!s)|\blast time\b/,
  lastCount: /\b(?:last|latest|recent|previous|past) (\d{1,2}|two|three|four|five) (?:orders|purchases)\b/,
  profile: /\bmy (profile|account|details)\b|\bwho am i\b|\babout me\b|\bprofile\b/,
  segmentSummary: /\bsegments? (summary|overview|breakdown)\b|\ball (the )?segments\b|\bcustomer segments\b|\bhow many customers\b|\beach segment\b/,
  segment: /\bwhat (kind|type|sort) of (a )?(customer|shopper|buyer)\b|\bmy (customer )?(segment|tier|status|rfm)\b|\bsegment\b|\bwhich group\b/,
  recommend:
    /\brecommend|\bsuggest|\bwhat should i (buy|get|order|try)\b|\bfor me\b|\bmy picks\b|\bgift ideas?\b|\bsurprise me\b|\bideas for me\b|\b(might|would|will) like\b/,
  likeEnd: /\b(?:i|you|we)\s*(?:might|would|will|'d)\s+(?:like|love|enjoy)\W*$/,
  newToMe: /\bnew to me\b|\bhaven'?t (bought|tried|had|got)\b|\bnever (bought|tried|had)\b|\bsomething new\b|\bnot bought (before|yet)\b/,
  popular:
    /\b(popular|best[- ]?sell(ers?|ing)|top sellers?|trending|most (bought|sold|ordered)|top products|hot right now)\b|\bwhat(?:'s| is| are)? (people|others|everyone|customers) (buying|getting|ordering)\b/,
  together:
    /\b(bought|purchased|ordered|goes|go|pairs?|sold) (well |nicely |best |together )?with\b|\bfrequently bought\b|\bbought together\b|\bcomplements?\b/,
  similar: /\bsimilar\b|\blike (the|this|that|it|those|these|a|an|\d)|\blike [a-z]|\balternatives?\b|\bmore like\b/,
  cheaper: /\bcheaper\b|\bmore expensive\b|\bpricier\b/,
  itRef: /\b(it|this|that|this one|that one|them|those|these)\b/,
  context: /^\W*(?:(?:hi|hello|hey)\W+)?(?:i'?m|i am|we'?re|we are|it'?s|i'?ve got|we'?ve got)\s+(?:planning|having|throwing|hosting|doing|organi[sz]ing|celebrating|going to have)\b/,
  shared: /\b(both|each|all of them|all)\b/,
  since: /\bthis (week|month|year)\b|\btoday\b/,
};

/** True when a clause asks for something beyond products and prices (picks, orders, best sellers...). */
export function asksSomething(text: string): boolean {
  return [P.recommend, P.newToMe, P.popular, P.orders, P.profile, P.segment, P.segmentSummary, P.together, P.similar, P.shipping, P.cheaper].some((p) => p.test(text));
}

const SIMILAR_KEYWORD = /like|similar to|alternatives? (?:to|for)/;
export const SIGN_IN_NOTE = 'Sign in to see your own orders, profile and segment.';
// Words of a recommendation ask that name no product: "gift ideas for me" is not a search for "gift".
const GENERIC = new Set(['gift', 'gifts', 'present', 'presents', 'something', 'treat', 'treats']);
const SINCE_DAYS: Record<string, number> = { today: 1, week: 7, month: 30, year: 365 };

export interface ClauseContext {
  userId?: string;
  history: readonly SessionTurn[];
  shown: readonly ScoredProduct[];
  plan: RulePlan;
  /** A product an earlier clause of this message picked ("the first one looks nice, anything like it?"). */
  focus?: { productId: string; call: PlannedCall };
  /** Second-step builders of name lookups ("something like the rabbit night light"). */
  thens: ((results: readonly ExecutedCall[]) => PlannedCall[])[];
}

/** What a clause left for the message level: a context sentence kept in reserve, a price shared by "both". */
export interface ClauseResult {
  deferredSearch?: { call: PlannedCall; slots: IntentSlots };
  sharedBounds?: { minPrice?: number; maxPrice?: number };
}

/** Adds one clause's intents and calls to the plan. */
export function planClause(clause: string, ctx: ClauseContext): ClauseResult {
  const { userId, history, shown, plan } = ctx;
  const e = extractEntities(clause);
  const text = ` ${dropFiller(` ${e.rest} `)} `;
  const terms = searchTerms(e.rest);
  const prices = withDefined({ minPrice: e.minPrice, maxPrice: e.maxPrice });
  const before = plan.intents.length;
  const add = (intent: string, slots: IntentSlots, ...calls: PlannedCall[]) => {
    plan.intents.push(intent);
    plan.understood.push({ intent, slots: withDefined(slots) });
    plan.calls.push(...calls);
  };
  const personal = (intent: string, slots: IntentSlots, call: PlannedCall | undefined) => {
    if (!userId) {
      if (!plan.notes.includes(SIGN_IN_NOTE)) plan.notes.push(SIGN_IN_NOTE);
      add(intent, slots);
    } else if (call) add(intent, slots, call);
    else add(intent, slots);
  };

  const otherCustomer = e.namedCustomerId !== undefined && e.namedCustomerId !== userId;
  if (otherCustomer) {
    add('other-customer', {});
    plan.notes.push(`I can only show your own account, so I won't look up customer ${e.namedCustomerId}.`);
    return {};
  }
  const shipping = P.shipping.test(text);
  if (shipping) {
    const call = P.personalRef.test(text) ? { name: 'get_purchase_history', args: { userId, limit: LAST_ORDER_WINDOW } } : undefined;
    personal('order-shipping', { orderRef: e.orderRef }, call);
    return {};
  }
  const orders = P.orders.test(text) || e.orderRef !== undefined;
  if (orders) {
    const count = P.lastCount.exec(text)?.[1];
    const lastOne = !e.orderRef && !count && P.lastOne.test(text);
    const limit = e.orderRef ? 20 : count ? (Number(count) || WORD_COUNTS[count]) : lastOne ? LAST_ORDER_WINDOW : RULE_K;
    personal(lastOne ? 'last-order' : 'orders', { orderRef: e.orderRef }, { name: 'get_purchase_history', args: { userId, limit } });
  }
  if (P.profile.test(text) && !orders) personal('profile', {}, { name: 'get_user_profile', args: { userId } });
  if (P.segmentSummary.test(text)) add('segment-summary', {}, { name: 'get_segment_summary', args: {} });
  else if (P.segment.test(text)) personal('segment', {}, { name: 'get_user_segment', args: { userId } });
  const personalAsk = plan.intents.length > before;

  // Read on the clause itself: "like 85123A" needs the stock code the entities took out.
  const raw = dropFiller(` ${clause.toLowerCase()} `);
  const together = P.together.test(raw);
  const similar = !together && P.similar.test(raw);
  const named = e.productIds.length > 0 || e.ordinal !== undefined;
  const reference = together || similar ? ((named ? undefined : focusReference(ctx, text)) ?? productReference(e, text, shown)) : undefined;
  if (together || similar) {
    const tool = together ? 'get_frequently_bought_together' : 'get_similar_products';
    const intent = together ? 'bought-together' : 'similar';
    const name = reference ? undefined : nameAfter(text, together ? /with|together/ : SIMILAR_KEYWORD);
    const shownFirst = !reference && !name ? shown[0]?.productId : undefined;
    if (reference ?? shownFirst) add(intent, { productId: reference ?? shownFirst }, { name: tool, args: { productId: reference ?? shownFirst, k: RULE_K } });
    else if (name) {
      // Named, not coded: find it first, then ask about the top hit.
      add(intent, { query: name }, { name: 'search_products', args: { query: name, limit: 1 } });
      ctx.thens.push((results) => {
        const hit = firstProductOf(results.find((r) => r.name === 'search_products' && r.args['query'] === name && r.args['limit'] === 1));
        return hit ? [{ name: tool, args: { productId: hit, k: RULE_K } }] : [];
      });
    } else if (e.ordinal !== undefined) {
      plan.notes.push(`I don't have a product number ${e.ordinal + 1} from earlier; ask me to search first.`);
      add(intent, {});
    }
  }

  const popular = P.popular.test(text);
  if (popular) {
    const since = P.since.exec(clause);
    const sinceDays = since ? SINCE_DAYS[since[1] ?? since[0]] : undefined;
    add('popular', { country: e.country }, { name: 'get_popular_products', args: withDefined({ k: RULE_K, country: e.country, sinceDays }) });
  }

  const productAsk = together || similar || popular;
  const productWords = terms.filter((t) => !GENERIC.has(t));
  const newToMe = P.newToMe.test(text);
  if ((P.recommend.test(text) || P.likeEnd.test(clause.toLowerCase()) || newToMe) && !productWords.length && !personalAsk) {
    const slots = { ...prices, newToMe: newToMe || undefined };
    if (userId) add('recommend', slots, { name: 'get_recommendations', args: { userId, k: RULE_K, excludePurchased: true, ...prices } });
    else if (!productAsk) add('recommend', slots, { name: 'get_popular_products', args: withDefined({ k: RULE_K, country: e.country }) });
    else add('recommend', slots);
  }

  if (plan.intents.length === before && e.productIds.length) {
    if (e.productIds.length === 1) add('product', { productId: e.productIds[0] }, { name: 'get_product', args: { productId: e.productIds[0] } });
    else add('products', {}, { name: 'get_products', args: { productIds: e.productIds } });
  } else if (plan.intents.length === before && e.ordinal !== undefined && shown.length) {
    const product = pick(shown, e.ordinal);
    if (product) {
      const call = { name: 'get_product', args: { productId: product.productId } };
      add('product', { productId: product.productId }, call);
      ctx.focus = { productId: product.productId, call };
    }
  }
  if (plan.intents.length > before) return {};

  // "both under a tenner", "all under £5": the price is for every search of the message.
  const sharedBounds = P.shared.test(text) && (e.minPrice !== undefined || e.maxPrice !== undefined) ? prices : undefined;
  if (sharedBounds && !terms.some((t) => !attributeKind(t)) && plan.calls.some((c) => c.name === 'search_products')) return { sharedBounds };
  const followUp = planFollowUp(e, clause, terms, history, shown, userId);
  if (followUp) {
    add(followUp.intent, followUp.slots, followUp.call);
    return {};
  }
  if (!terms.length && prices.minPrice === undefined && prices.maxPrice === undefined) return {};
  const query = searchQuery(terms) || 'gift';
  const slots: IntentSlots = { query, productType: productType(e.rest), attributes: e.attributes.length ? e.attributes : undefined, quantity: e.quantity, ...prices };
  const call = { name: 'search_products', args: { query, limit: RULE_K, ...prices } };
  if (P.context.test(clause)) return { deferredSearch: { call, slots } };
  add('search', slots, call);
  return { sharedBounds };
}

const WORD_COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5 };

/** "it" after a clause that picked a product: that product, whose own lookup is then dropped as redundant. */
function focusReference(ctx: ClauseContext, text: string): string | undefined {
  const focus = ctx.focus;
  if (!focus || !P.itRef.test(text)) return undefined;
  const at = ctx.plan.calls.indexOf(focus.call);
  if (at >= 0) {
    ctx.plan.calls.splice(at, 1);
    const intentAt = ctx.plan.intents.lastIndexOf('product');
    ctx.plan.intents.splice(intentAt, 1);
    ctx.plan.understood.splice(ctx.plan.understood.findIndex((u) => u.intent === 'product' && u.slots.productId === focus.productId), 1);
  }
  ctx.focus = undefined;
  return focus.productId;
}

/** A product the clause points at: a stock code, "the second one", or "it" (the first shown). */
function productReference(e: MessageEntities, text: string, shown: readonly ScoredProduct[]): string | undefined {
  if (e.productIds.length) return e.productIds[0];
  if (e.ordinal !== undefined) return pick(shown, e.ordinal)?.productId;
  if (P.itRef.test(text) && shown.length && !searchTerms(nameAfter(text, /like|with|similar to/) ?? '').length) return shown[0].productId;
  return undefined;
}

function pick<T>(list: readonly T[], ordinal: number): T | undefined {
  return ordinal < 0 ? list[list.length + ordinal] : list[ordinal];
}

function firstProductOf(call: ExecutedCall | undefined): string | undefined {
  const items = (call?.ok ? (call.data as { items?: unknown }) : undefined)?.items;
  const first = Array.isArray(items) ? (items[0] as { productId?: unknown } | undefined) : undefined;
  return typeof first?.productId === 'string' ? first.productId : undefined;
}
