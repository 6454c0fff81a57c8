import type { ScoredProduct } from '@reco/base-tools';
import { arrangeList } from '../merchandising/arrange-list';
import type { MerchandisingSnapshot } from '../merchandising/merchandising-store';
import type { RecommendationFilters, Strategy } from '../merchandising/merchandising-schemas';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import { clampK } from '../service/recommend-args';
import type { Accept } from '../service/recommendation-service';
import { planPlacement } from './placement-plan';

/** A list's ranking: the `n` best, from the cache without `accept`, ranked with it inside the model (uncached) with it. */
export type RankedSource = (n: number, accept?: Accept) => Promise<ScoredProduct[]>;

export interface GlobalRuleListRequest {
  /** Names the list for the plan; it has no placement (global rules only). */
  strategy: Strategy;
  k: number;
  /** What the list may hold besides the rules: the request's filters, and the product the list is about left out. */
  filters: RecommendationFilters;
}

/**
 * A list that is not a shopper's (similar, bought together, popular) with the shop's global
 * rules: exclude and include-only filter (ranked again inside the model when the cached pool
 * runs short, so the list stays full), boost, bury and pin re-arrange; outside experiments (no
 * arm, no exposure). Without active global rules, the cached list as it is.
 */
export async function withGlobalRules(
  snapshot: MerchandisingSnapshot,
  catalog: CatalogSnapshot,
  now: Date,
  request: GlobalRuleListRequest,
  source: RankedSource,
): Promise<ScoredProduct[]> {
  const k = clampK(request.k);
  const plan = planPlacement(undefined, { strategy: request.strategy, k }, { k, filters: request.filters }, { ...snapshot, experiments: [] }, catalog, now);
  let items = await source(plan.pool);
  if (plan.rules.length === 0) return items.length > k ? items.slice(0, k) : items;
  let accepted = items.filter((i) => plan.accept(i.productId));
  if (accepted.length < k && plan.hardRules && accepted.length < items.length) {
    items = await source(plan.pool, plan.accept);
    accepted = items.filter((i) => plan.accept(i.productId));
  }
  if (!plan.arranges) return accepted.slice(0, k);
  return catalog.present(arrangeList(accepted, { k, rules: plan.rules, catalog, accept: plan.accept }), request.filters.includeUnavailable);
}
