import type { ScoredProduct } from '@reco/base-tools';
import type { SessionTurn } from '../memory/session-turn';
import { COLOURS, type MessageEntities } from './message-entities';
import type { PlannedCall } from './planner';
import { RULE_K, withDefined } from './rule-plan';
import { searchTerms } from './search-terms';

// Follow-ups reshape the last product query: "cheaper ones", "more expensive", "more", "in blue".
const FOLLOW_UP = {
  cheaper: /\bcheaper\b|\bless expensive\b|\blower price|\bbudget\b/,
  pricier: /\bmore expensive\b|\bpricier\b|\bfancier\b|\bhigher price/,
  more: /^\W*(and )?(show( me)? )?(some )?(more|next|more results|next page|others|any more|anything else)( (please|ones|of those|results))?\W*$/,
};

/** The call a follow-up message asks for, or undefined when the message is not one. */
export function planFollowUp(
  e: MessageEntities,
  text: string,
  whole: string,
  history: readonly SessionTurn[],
  shown: readonly ScoredProduct[],
  userId: string | undefined,
): { intent: string; call: PlannedCall } | undefined {
  const last = lastProductQuery(history);
  const prices = shown.map((p) => p.unitPrice).filter((n) => Number.isFinite(n));
  if (FOLLOW_UP.cheaper.test(text) && e.maxPrice === undefined && (last || shown.length)) {
    const ceiling = prices.length ? round2(Math.min(...prices) - 0.01) : undefined;
    const maxPrice = ceiling !== undefined && ceiling > 0 ? ceiling : undefined;
    return { intent: 'cheaper', call: reshape(last, shown, userId, { maxPrice, minPrice: undefined }) };
  }
  if (FOLLOW_UP.pricier.test(text) && e.minPrice === undefined && (last || shown.length)) {
    const floor = prices.length ? round2(Math.max(...prices) + 0.01) : undefined;
    return { intent: 'pricier', call: reshape(last, shown, userId, { minPrice: floor, maxPrice: undefined }) };
  }
  if (FOLLOW_UP.more.test(whole) && last?.name === 'search_products') {
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

/** The latest successful call that listed products by a query or for the user, to reshape. */
function lastProductQuery(history: readonly SessionTurn[]): PlannedCall | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const calls = history[i].toolCalls.filter((c) => c.ok && (c.name === 'search_products' || c.name === 'get_recommendations'));
    if (calls.length) return { name: calls[calls.length - 1].name, args: calls[calls.length - 1].args };
  }
  return undefined;
}

/** The last product query again with new price bounds, from its first page. */
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

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
