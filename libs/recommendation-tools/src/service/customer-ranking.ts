import type { RecommendationList } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import type { RecommendOptions } from '../model/recommender-options';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { ActiveModel } from '../registry/model-registry';
import { fillFromCatalog } from './list-fill';
import { LIVE_EVENT_TYPES, toLiveEvents } from './live-events';
import type { RecommendArgs } from './recommend-args';

// Events of a customer or session read per answer (most recent first).
export const RECENT_EVENTS = 100;

/** One customer's ranked answer, and how far its prefixes stand for shorter calls. */
export interface CustomerRanking {
  list: RecommendationList;
  /**
   * The largest k for which ranking with the same arguments at k gives exactly this list's first
   * k items: `args.k`, unless the catalogue dropped a product the model ranked (then the position
   * of the first one dropped, since a shorter call would have filled that place differently).
   */
  exactUpTo: number;
}

/**
 * A customer's top-k from the model: their training history plus the events received since the
 * model was trained (those re-rank on top of it), filtered and filled from the catalogue. `args.k`
 * is already clamped.
 */
export async function rankCustomer(
  database: DatabaseHandle,
  userId: string,
  args: RecommendArgs,
  model: ActiveModel,
  catalog: CatalogSnapshot,
): Promise<CustomerRanking> {
  const db = await database.get();
  // Events after the model's training are not in it: they re-rank on top of it until the next training.
  const events = await db.events.listForCustomer(userId, { limit: RECENT_EVENTS, types: LIVE_EVENT_TYPES });
  const recentEvents = toLiveEvents(events, Date.parse(model.metadata.trainedAt));
  const known = model.recommender.hasCustomer(userId) || recentEvents.length > 0;
  // An unknown customer scores popularity only: the cold-start list, filtered the same way.
  const options: RecommendOptions = {
    k: args.k,
    excludePurchased: args.excludePurchased,
    minPrice: args.minPrice,
    maxPrice: args.maxPrice,
    excludeProductIds: args.excludeProductIds,
    recentEvents,
    include: categoryFilter(catalog, args.category),
  };
  const ranked = model.recommender.recommend(userId, options).filter((i) => i.score > 0);
  const items = catalog.present(ranked);
  let exactUpTo = args.k;
  if (items.length < ranked.length) {
    exactUpTo = 0;
    while (exactUpTo < items.length && items[exactUpTo].productId === ranked[exactUpTo].productId) exactUpTo++;
  }
  const exclude = new Set(args.excludeProductIds ?? []);
  if (items.length < args.k && args.excludePurchased) {
    for (const p of model.recommender.purchasedBy(userId)) exclude.add(p);
    for (const e of recentEvents) if (e.kind === 'purchase') exclude.add(e.productId);
  }
  const list = { userId, strategy: known ? 'model' : 'popular', modelVersion: model.version, items: fillFromCatalog(catalog, items, { ...args, exclude }) };
  return { list, exactUpTo };
}

/** Products in a category or under it; undefined (all) without one. */
export function categoryFilter(catalog: CatalogSnapshot, category: string | undefined): ((productId: string) => boolean) | undefined {
  if (category === undefined) return undefined;
  const members = catalog.categoryMembers(category);
  return (productId) => members.has(productId);
}
