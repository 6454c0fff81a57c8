import type { ScoredProduct } from '@reco/base-tools';
import type { SessionTurn } from '../memory/session-turn';
import { attributeKind } from './attributes';
import type { MessageEntities } from './message-entities';
import type { IntentSlots, PlannedCall } from './planner';
import { RULE_K, withDefined } from './rule-plan';
import { searchQuery, searchTerms } from './search-terms';

// Follow-ups reshape the session's topic (its last product query): "cheaper?", "more expensive",
// "more", "in red", "only under £1 please", "what about teapots?".
const FOLLOW_UP = {
  cheaper: /\bcheaper\b|\bless expensive\b|\blower price|\bbudget (ones|options?)\b/,
  pricier: /\bmore expensive\b|\bpricier\b|\bfancier\b|\bhigher price/,
  more: /^\W*(and )?(show( me)? )?(some )?(more|next|more results|next page|others|any more|anything else)( (please|pls|ones|of those|results))?\W*$/,
  switchTopic: /^\W*(?:(?:and|so|ok|okay|hmm),?\s+)?(?:what|how) about\b|^\W*and\b/,
};

export interface FollowUp {
  intent: string;
  call: PlannedCall;
  slots: IntentSlots;
}

/** The call a follow-up clause asks for, or undefined when it is not one. `terms` are its own product words. */
export function planFollowUp(
  e: MessageEntities,
  clause: string,
  terms: readonly string[],
  history: readonly SessionTurn[],
  shown: readonly ScoredProduct[],
  userId: string | undefined,
): FollowUp | undefined {
  const last = lastProductQuery(history);
  if (!last && !shown.length) return undefined;
  const prices = shown.map((p) => p.unitPrice).filter((n) => Number.isFinite(n));
  const nouns = terms.filter((t) => !attributeKind(t));
  const bounds = withDefined({ minPrice: e.minPrice, maxPrice: e.maxPrice });
  if (FOLLOW_UP.cheaper.test(clause) && e.maxPrice === undefined && !nouns.length) {
    const ceiling = prices.length ? round2(Math.min(...prices) - 0.01) : undefined;
    return reshape('cheaper', last, shown, userId, { maxPrice: ceiling !== undefined && ceiling > 0 ? ceiling : undefined, minPrice: undefined });
  }
  if (FOLLOW_UP.pricier.test(clause) && e.minPrice === undefined && !nouns.length) {
    const floor = prices.length ? round2(Math.max(...prices) + 0.01) : undefined;
    return reshape('pricier', last, shown, userId, { minPrice: floor, maxPrice: undefined });
  }
  if (FOLLOW_UP.more.test(clause) && last?.name === 'search_products') {
    const limit = Number(last.args['limit'] ?? RULE_K);
    const call = { name: 'search_products', args: { ...last.args, offset: Number(last.args['offset'] ?? 0) + limit } };
    return { intent: 'more', call, slots: { query: String(last.args['query']) } };
  }
  if (nouns.length) {
    // A new product type keeps the topic's price bounds: "what about teapots?" after "blue mugs under £5".
    if (!FOLLOW_UP.switchTopic.test(clause) || last?.name !== 'search_products') return undefined;
    const args = withDefined({ query: searchQuery(terms), limit: RULE_K, minPrice: e.minPrice ?? last.args['minPrice'], maxPrice: e.maxPrice ?? last.args['maxPrice'] });
    return { intent: 'search', call: { name: 'search_products', args }, slots: slotsOf(args) };
  }
  const attributes = terms.filter((t) => attributeKind(t));
  if (attributes.length) {
    // "in red", "white ones please", "do they come in wood?": the topic with these attributes instead of its own of that kind.
    const base = last?.name === 'search_products' ? String(last.args['query']) : searchTerms(shown[0]?.description ?? '').slice(0, 3).join(' ');
    const kinds = new Set(attributes.map(attributeKind));
    const kept = base.split(/\s+/).filter((w) => w && !kinds.has(attributeKind(w)));
    const args: Record<string, unknown> = last?.name === 'search_products' ? { ...last.args } : { limit: RULE_K };
    delete args['offset'];
    const call = { name: 'search_products', args: withDefined({ ...args, ...bounds, query: searchQuery([...attributes, ...kept]) }) };
    return { intent: attributes.every((a) => attributeKind(a) === 'colour') ? 'colour' : 'refine', call, slots: slotsOf(call.args) };
  }
  if (e.minPrice !== undefined || e.maxPrice !== undefined) {
    // "only under £1 please", "between 5 and 15 pounds?": the topic, within these bounds.
    return reshape('refine', last, shown, userId, { minPrice: e.minPrice, maxPrice: e.maxPrice });
  }
  return undefined;
}

/** The latest successful call that listed products by a query or for the user, to reshape. */
export function lastProductQuery(history: readonly SessionTurn[]): PlannedCall | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const calls = history[i].toolCalls.filter(
      (c) => c.ok && ((c.name === 'search_products' && c.args['limit'] !== 1) || c.name === 'get_recommendations'),
    );
    if (calls.length) return { name: calls[calls.length - 1].name, args: calls[calls.length - 1].args };
  }
  return undefined;
}

/** The last product query again with new price bounds, from its first page. */
function reshape(
  intent: string,
  last: PlannedCall | undefined,
  shown: readonly ScoredProduct[],
  userId: string | undefined,
  bounds: { minPrice?: number; maxPrice?: number },
): FollowUp {
  const base: PlannedCall = last ?? { name: 'search_products', args: { query: searchTerms(shown[0]?.description ?? '').slice(0, 3).join(' '), limit: RULE_K } };
  const args: Record<string, unknown> = { ...base.args, ...bounds };
  delete args['offset'];
  if (base.name === 'get_recommendations' && userId) args['userId'] = userId;
  const call = { name: base.name, args: withDefined(args) };
  return { intent, call, slots: slotsOf(call.args) };
}

function slotsOf(args: Record<string, unknown>): IntentSlots {
  return withDefined({
    query: typeof args['query'] === 'string' ? args['query'] : undefined,
    minPrice: typeof args['minPrice'] === 'number' ? args['minPrice'] : undefined,
    maxPrice: typeof args['maxPrice'] === 'number' ? args['maxPrice'] : undefined,
  });
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
