import type { ScoredProduct } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { candidateFilter } from '../merchandising/candidate-filter';
import type { RankedItem } from '../model/recommender-options';
import { RECENT_EVENTS } from '../service/customer-ranking';
import { UnknownProductError, type RecommendationService } from '../service/recommendation-service';
import { newArrivals } from './new-arrivals';
import { PlacementInputError } from './placement-errors';
import type { StrategyCall, StrategyCandidates } from './placement-request';

// Products of a cart looked at for `cart`: a longer cart adds little to what its first ones say.
const MAX_CART_PRODUCTS = 50;
// Window of the no-model trending fallback: the database's popular list of the last 30 days.
const TRENDING_FALLBACK_DAYS = 30;

export interface StrategyDeps {
  service: RecommendationService;
  database: DatabaseHandle;
}

const ranked = (items: readonly ScoredProduct[]): RankedItem[] => items.map(({ productId, score, reason }) => ({ productId, score, reason }));

function required<T>(value: T | undefined | null, field: string, strategy: string): T {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) throw new PlacementInputError(field, `is required by the ${strategy} strategy`);
  return value;
}

/** Candidates of one strategy (see STRATEGIES), best first, at most `pool`, scored inside the filter. */
export async function strategyCandidates(deps: StrategyDeps, call: StrategyCall): Promise<StrategyCandidates> {
  const { service } = deps;
  const { strategy, request, pool, filters, accept, model: chosen } = call;
  const using = { accept, model: chosen };
  const named = (items: RankedItem[], modelVersion: string | null, fillable = true): StrategyCandidates => ({ items, source: strategy, modelVersion, fillable, presented: false });
  const version = async () => (await service.modelAndCatalog(chosen)).model?.version ?? null;
  switch (strategy) {
    case 'personal': {
      const args = { ...filters, k: pool, excludePurchased: request.excludePurchased };
      if (request.userId) {
        const list = await service.customerList(request.userId, args, using);
        return { items: list.items, source: list.strategy, modelVersion: list.modelVersion, fillable: true, presented: true };
      }
      const sessionId = required(request.sessionId, 'userId', 'personal (or sessionId)');
      const list = await service.sessionList(sessionId, args, using);
      return { items: list.items, source: list.strategy, modelVersion: list.modelVersion, fillable: true, presented: true };
    }
    case 'similar':
      return named(ranked(await service.similarProducts(required(request.productId, 'productId', strategy), pool, filters, using)), await version());
    case 'bought-together':
      return named(ranked(await service.boughtTogether(required(request.productId, 'productId', strategy), pool, filters, using)), await version());
    case 'product': {
      const productId = required(request.productId, 'productId', strategy);
      const [similar, together] = await Promise.all([service.similarProducts(productId, pool, filters, using), service.boughtTogether(productId, pool, filters, using)]);
      return named(mergeLists([ranked(similar), ranked(together)], pool), await version());
    }
    case 'cart':
      return named(await cartCandidates(service, call), await version());
    case 'buy-again':
      return buyAgain(deps, call);
    case 'trending': {
      const { model, catalog } = await service.modelAndCatalog(chosen);
      const include = accept ?? candidateFilter(catalog, filters, []);
      if (model) return named(model.recommender.trendingProducts({ k: pool, include, includeUnavailable: filters.includeUnavailable }), model.version);
      const recent = await service.popularProducts({ ...filters, k: pool, sinceDays: TRENDING_FALLBACK_DAYS }, using);
      return named(ranked(recent).map((i) => ({ ...i, reason: 'trending' })), null);
    }
    case 'new-arrivals':
      return named(await newArrivals(deps, call), await version());
    case 'popular':
      return { items: ranked(await service.popularProducts({ ...filters, k: pool }, using)), source: 'popular', modelVersion: await version(), fillable: true, presented: false };
  }
}

/**
 * Lists merged: a product's scores summed (with `scaled`, each list's divided by its best first,
 * for lists of different scales), its reason from the list it scored most in; best first, ties by id.
 */
export function mergeLists(lists: readonly (readonly RankedItem[])[], k: number, scaled = true): RankedItem[] {
  const merged = new Map<string, { score: number; best: number; reason: string }>();
  for (const list of lists) {
    const top = scaled ? list.reduce((m, i) => Math.max(m, i.score), 0) : 1;
    for (const item of list) {
      const share = top > 0 ? item.score / top : 0;
      const entry = merged.get(item.productId);
      if (!entry) merged.set(item.productId, { score: share, best: share, reason: item.reason });
      else {
        entry.score += share;
        if (share > entry.best) Object.assign(entry, { best: share, reason: item.reason });
      }
    }
  }
  return [...merged]
    .map(([productId, e]) => ({ productId, score: e.score, reason: e.reason }))
    .sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .slice(0, k);
}

/**
 * Bought together with the cart's products, scores summed over them (a product bought with
 * several cart products ranks first); the cart itself is in `filters.excludeProductIds` already.
 * Reason `bought-with:<the cart product it scored most with>`. Cart products the catalogue does
 * not know (deleted since) are skipped.
 */
async function cartCandidates(service: RecommendationService, call: StrategyCall): Promise<RankedItem[]> {
  const cart = [...new Set(required(call.request.cartProductIds, 'cartProductIds', 'cart'))].slice(0, MAX_CART_PRODUCTS);
  const skipUnknown = (err: unknown): ScoredProduct[] => {
    if (err instanceof UnknownProductError) return [];
    throw err;
  };
  const lists = await Promise.all(cart.map((productId) => service.boughtTogether(productId, call.pool, call.filters, { accept: call.accept, model: call.model }).catch(skipUnknown)));
  return mergeLists(lists.map(ranked), call.pool, false);
}

/**
 * What the customer is due to re-buy (Recommender.buyAgain); without a model, the products of
 * their purchase events, the longest since bought first. Only products they bought: never filled.
 */
async function buyAgain(deps: StrategyDeps, call: StrategyCall): Promise<StrategyCandidates> {
  const userId = required(call.request.userId, 'userId', 'buy-again');
  const { model, catalog } = await deps.service.modelAndCatalog(call.model);
  const include = call.accept ?? candidateFilter(catalog, call.filters, []);
  const includeUnavailable = call.filters.includeUnavailable;
  if (model) {
    const items = model.recommender.buyAgain(userId, { k: call.pool, include, includeUnavailable });
    return { items, source: 'buy-again', modelVersion: model.version, fillable: false, presented: false };
  }
  const events = await (await deps.database.get()).events.listForCustomer(userId, { limit: RECENT_EVENTS, types: ['purchase'] });
  const lastBought = new Map<string, number>();
  for (const e of events) if (!lastBought.has(e.productId)) lastBought.set(e.productId, e.occurredAt.getTime());
  const items = [...lastBought]
    .filter(([productId]) => include(productId))
    .sort((a, b) => a[1] - b[1])
    .slice(0, call.pool)
    .map(([productId], i, all) => ({ productId, score: all.length - i, reason: 'buy-again' }));
  return { items, source: 'buy-again', modelVersion: null, fillable: false, presented: false };
}
