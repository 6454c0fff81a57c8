import type { RecommendationList } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { candidateFilter } from '../merchandising/candidate-filter';
import type { RecommendOptions } from '../model/recommender-options';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { ActiveModel } from '../registry/model-registry';
import { fillFromCatalog } from './list-fill';
import { LIVE_EVENT_TYPES, toLiveEvents } from './live-events';
import { filtersOf, type RecommendArgs } from './recommend-args';
import type { Unstamped } from './recommendation-id';

// Events of a customer or session read per answer (most recent first).
export const RECENT_EVENTS = 100;

/** One customer's ranked answer, and how far its prefixes stand for shorter calls. */
export interface CustomerRanking {
  list: Unstamped<RecommendationList>;
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
 * is already clamped. The model scores only products `accept` takes (default: the call's filters,
 * candidateFilter), so filtering never leaves the list short while products pass.
 */
export async function rankCustomer(
  database: DatabaseHandle,
  userId: string,
  args: RecommendArgs,
  model: ActiveModel,
  catalog: CatalogSnapshot,
  accept: (productId: string) => boolean = candidateFilter(catalog, filtersOf(args), []),
): Promise<CustomerRanking> {
  const db = await database.get();
  // Events after the model's training are not in it: they re-rank on top of it until the next training.
  const events = await db.events.listForCustomer(userId, { limit: RECENT_EVENTS, types: LIVE_EVENT_TYPES });
  const recentEvents = toLiveEvents(events, Date.parse(model.metadata.trainedAt));
  const known = model.recommender.hasCustomer(userId) || recentEvents.length > 0;
  // An unknown customer scores popularity only: the cold-start list, filtered the same way.
  const options: RecommendOptions = { k: args.k, excludePurchased: args.excludePurchased, recentEvents, include: accept, includeUnavailable: args.includeUnavailable };
  const ranked = model.recommender.recommend(userId, options).filter((i) => i.score > 0);
  const items = catalog.present(ranked, args.includeUnavailable);
  let exactUpTo = args.k;
  if (items.length < ranked.length) {
    exactUpTo = 0;
    while (exactUpTo < items.length && items[exactUpTo].productId === ranked[exactUpTo].productId) exactUpTo++;
  }
  let fillAccept = accept;
  if (items.length < args.k && args.excludePurchased) {
    const bought = new Set(model.recommender.purchasedBy(userId));
    for (const e of recentEvents) if (e.kind === 'purchase') bought.add(e.productId);
    fillAccept = (productId) => !bought.has(productId) && accept(productId);
  }
  const fill = { k: args.k, category: args.category, accept: fillAccept, includeUnavailable: args.includeUnavailable };
  const list = { userId, strategy: known ? 'model' : 'popular', modelVersion: model.version, items: fillFromCatalog(catalog, items, fill) };
  return { list, exactUpTo };
}
