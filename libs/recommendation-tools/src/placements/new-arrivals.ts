import type { Product } from '@reco/data';
import { candidateFilter } from '../merchandising/candidate-filter';
import { contentFeatures } from '../merchandising/content-features';
import type { RankedItem } from '../model/recommender-options';
import { RECENT_EVENTS } from '../service/customer-ranking';
import { LIVE_EVENT_TYPES } from '../service/live-events';
import type { StrategyCall } from './placement-request';
import type { StrategyDeps } from './strategies';

// A product counts as new for this long after the newest product's creation; at least the
// list's pool and at most NEW_ARRIVALS_MAX of the newest are considered.
export const NEW_ARRIVAL_DAYS = 30;
const NEW_ARRIVALS_MAX = 500;
const DAY_MS = 86_400_000;

/**
 * Recent products this shopper's tastes favour (reason `new-arrival`): the offered products
 * created within NEW_ARRIVAL_DAYS of the newest one (at least `pool` of the newest), each scored
 * by how much of its content (categories with their parents, tags, title words: the features
 * diversity compares) the shopper's products share: the mean, over its features, of the share of
 * the shopper's products (bought in the model, and their recent events) having that feature.
 * Ties, and shoppers without history, keep the newest first.
 */
export async function newArrivals(deps: StrategyDeps, call: StrategyCall): Promise<RankedItem[]> {
  const { model, catalog } = await deps.service.modelAndCatalog(call.model);
  const include = call.accept ?? candidateFilter(catalog, call.filters, []);
  const fresh: Product[] = [];
  let newestAt: number | undefined;
  for (const p of catalog.newestFirst(call.filters.category)) {
    newestAt ??= p.createdAt.getTime();
    if (fresh.length >= NEW_ARRIVALS_MAX || (fresh.length >= call.pool && p.createdAt.getTime() < newestAt - NEW_ARRIVAL_DAYS * DAY_MS)) break;
    if (include(p.id)) fresh.push(p);
  }
  const taste = new Map<number, number>();
  const owned = await shopperProducts(deps, call, model?.recommender.purchasedBy(call.request.userId ?? '') ?? []);
  for (const productId of owned) for (const f of contentFeatures(catalog.get(productId))) taste.set(f, (taste.get(f) ?? 0) + 1 / owned.size);
  const scored = fresh.map((p, order) => {
    const features = contentFeatures(p);
    let sum = 0;
    for (const f of features) sum += taste.get(f) ?? 0;
    return { productId: p.id, score: features.length > 0 ? sum / features.length : 0, order };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, call.pool).map(({ productId, score }) => ({ productId, score, reason: 'new-arrival' }));
}

/** The shopper's products: `bought` (the model's) and those of their recent events. */
async function shopperProducts(deps: StrategyDeps, call: StrategyCall, bought: readonly string[]): Promise<Set<string>> {
  const { userId, sessionId } = call.request;
  const products = new Set(bought);
  if (!userId && !sessionId) return products;
  const db = await deps.database.get();
  const options = { limit: RECENT_EVENTS, types: LIVE_EVENT_TYPES };
  const events = userId ? await db.events.listForCustomer(userId, options) : await db.events.listForSession(sessionId as string, options);
  for (const e of events) products.add(e.productId);
  return products;
}
