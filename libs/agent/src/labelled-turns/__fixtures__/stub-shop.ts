import { toToolProduct, type ScoredProduct } from '@reco/base-tools';
import { CATALOGUE } from '../../__fixtures__/shop-tools';
import type { ExecutedCall, ExecuteStep, PlannedCall } from '../../planner/planner';

// Prices a stub search answers with, cheapest first; each search shows at most three of them.
const SEARCH_PRICES = [0.85, 1.65, 2.95, 4.95, 12.75];
const SHOWN = 3;

/** Plausible answers for every shop tool, with no catalogue behind them: follow-ups get products to point at. */
export function stubResult(call: PlannedCall): unknown {
  const a = call.args;
  const min = typeof a['minPrice'] === 'number' ? a['minPrice'] : 0;
  const max = typeof a['maxPrice'] === 'number' ? a['maxPrice'] : Infinity;
  const k = typeof a['k'] === 'number' ? a['k'] : 5;
  const inRange = (price: number) => price >= min && price <= max;
  const fromCatalogue = (reason: string) => ({
    items: CATALOGUE.filter((p) => inRange(p.unitPrice)).slice(0, k).map((p) => ({ ...p, score: 1, reason })),
  });
  switch (call.name) {
    case 'search_products': {
      const query = String(a['query']);
      const offset = typeof a['offset'] === 'number' ? a['offset'] : 0;
      const limit = Math.min(typeof a['limit'] === 'number' ? a['limit'] : 10, SHOWN);
      const prices = SEARCH_PRICES.filter(inRange).slice(offset, offset + limit);
      return { items: prices.map((price, i) => searchHit(query, offset + i, price)), total: prices.length };
    }
    case 'get_product':
      return CATALOGUE.find((p) => p.productId === a['productId']) ?? searchHit(String(a['productId']), 0, 2.5);
    case 'get_products':
      return { items: CATALOGUE.filter((p) => (a['productIds'] as string[]).includes(p.productId)) };
    case 'get_recommendations':
      return { userId: a['userId'], strategy: 'model', modelVersion: 'v1', recommendationId: 'r1', ...fromCatalogue('model') };
    case 'get_popular_products':
      return fromCatalogue('popular');
    case 'get_similar_products':
      return fromCatalogue(`similar-to:${String(a['productId'])}`);
    case 'get_frequently_bought_together':
      return fromCatalogue(`bought-with:${String(a['productId'])}`);
    case 'get_purchase_history':
      return { orders: [{ invoiceNo: '536365', time: '2010-12-01T08:26:00Z', cancelled: false, lines: [], total: 17.7 }].slice(0, Number(a['limit'] ?? 10)) };
    default:
      return {};
  }
}

function searchHit(query: string, index: number, price: number): ScoredProduct {
  const id = `${query.replace(/\W+/g, '-')}-${index + 1}`;
  const product = toToolProduct({
    id, title: `${query.toUpperCase()} NO.${index + 1}`, description: null, price, typicalPrice: price, currency: 'GBP',
    categories: [], tags: [], available: true, recommendable: true, imageUrl: null, url: null,
  });
  return { ...product, score: 1 - index / 10, reason: 'search' };
}

/** An ExecuteStep over `stubResult` that records every call it ran, in order. */
export function stubExecute(ran: ExecutedCall[]): ExecuteStep {
  let step = 0;
  return async (calls) => {
    step += 1;
    const done = calls.map((call, i): ExecutedCall => ({ ...call, id: call.id ?? `${step}-${i}`, step, ok: true, ms: 0, data: stubResult(call) }));
    ran.push(...done);
    return done;
  };
}
