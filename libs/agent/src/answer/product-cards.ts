import type { ScoredProduct } from '@reco/base-tools';
import type { ExecutedCall } from '../planner/planner';
import { gbp, title } from './answer-text';
import { productsIn } from './product-extraction';

/** A product as the chat shows it: a card with why it was picked and which intent it answers. */
export interface ProductCard extends ScoredProduct {
  /** Why it was picked, for the shopper: "Matches "red lantern" under £5.00", "Similar to Rabbit Night Light". */
  why: string;
  /** The planner intent whose paragraph names it. */
  intent: string;
}

/** False for postage, fees, vouchers and hidden products: they are never shown or named. */
export function isShowable(product: ScoredProduct): boolean {
  return product.recommendable !== false && product.isMerchandise !== false;
}

/** Ids of products the turn's tools marked as not recommendable (to keep them out of order lines too). */
export function hiddenProductIds(calls: readonly ExecutedCall[]): Set<string> {
  return new Set(calls.flatMap((c) => (c.ok ? productsIn(c.data) : [])).filter((p) => !isShowable(p)).map((p) => p.productId));
}

const RULE_EFFECTS: Record<string, string> = { pinned: 'featured by the shop', boosted: 'promoted by the shop' };

/** The shopper's reason for a product of this call, with the shop's rule effects ("model,pinned:spring") after it. */
export function whyFor(product: ScoredProduct, call: ExecutedCall, all: readonly ExecutedCall[]): string {
  const [reason, ...effects] = product.reason.split(',');
  const said = [...new Set(effects.map((e) => RULE_EFFECTS[e.split(':')[0]]).filter(Boolean))];
  return [baseWhy(reason, call, all), ...said].join(' · ');
}

function baseWhy(reason: string, call: ExecutedCall, all: readonly ExecutedCall[]): string {
  switch (call.name) {
    case 'search_products':
      return `Matches "${String(call.args['query'] ?? '')}"${priceRange(call.args)}`;
    case 'get_recommendations':
      return reason === 'popular' ? 'A best seller, picked while we learn your taste' : 'Picked for you from what you have bought';
    case 'get_popular_products':
      return typeof call.args['country'] === 'string' ? `Popular in ${call.args['country']}` : 'A best seller right now';
    case 'get_similar_products':
      return `Similar to ${productName(call.args['productId'], all)}`;
    case 'get_frequently_bought_together':
      return `Often bought with ${productName(call.args['productId'], all)}`;
    case 'get_product':
    case 'get_products':
      return 'The product you asked about';
    default:
      return reason === 'bought-before' ? 'You bought this before' : 'Found for your question';
  }
}

/** A product's name from any product list of the turn (not a similar/bought-with list about it), else its id. */
export function productName(id: unknown, calls: readonly ExecutedCall[]): string {
  for (const call of calls) {
    const found = productsIn(call.ok ? call.data : undefined).find((p) => p.productId === id);
    if (found && !found.reason.startsWith('similar-to') && !found.reason.startsWith('bought-with')) return title(found.description);
  }
  return String(id);
}

export function priceRange(args: Record<string, unknown>): string {
  const min = typeof args['minPrice'] === 'number' ? args['minPrice'] : undefined;
  const max = typeof args['maxPrice'] === 'number' ? args['maxPrice'] : undefined;
  if (min !== undefined && max !== undefined) return ` between ${gbp(min)} and ${gbp(max)}`;
  if (max !== undefined) return ` under ${gbp(max)}`;
  if (min !== undefined) return ` over ${gbp(min)}`;
  return '';
}
