import type { AsyncCache } from '@reco/async-cache';
import type { RecommendationList, ScoredProduct } from '@reco/base-tools';
import type { DatabaseHandle, EventType } from '@reco/data';
import { DAY_MS } from '../model/interaction';
import type { LiveEvent, RankedItem } from '../model/recommender-options';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { ActiveModel, ModelRegistry, ModelStatus } from '../registry/model-registry';
import { cacheKey, customerNamespace, POPULAR_NAMESPACE, productNamespace, recommendationKey } from './cache-keys';
import { clampK, MAX_K, type PopularArgs, type RecommendArgs } from './recommend-args';

export interface RecommendationServiceOptions {
  /** Freshness of cached answers. Default 5 min (live events invalidate a customer's at once). */
  cacheTtlMs?: number;
}

export interface RecommendationServiceDeps {
  database: DatabaseHandle;
  cache: AsyncCache;
  /** The model to serve and its products snapshot. */
  registry: ModelRegistry;
}

/** A product id the shop does not have; the tools turn it into NOT_FOUND. */
export class UnknownProductError extends Error {
  constructor(readonly productId: string) {
    super(`product ${JSON.stringify(productId)} is not in the catalog`);
    this.name = 'UnknownProductError';
  }
}

const LIVE_EVENT_TYPES: readonly EventType[] = ['view', 'cart', 'purchase'];

/**
 * Serves the recommender (the tools are thin adapters over it): the registry's model, behind the
 * cache; LiveFeedback drops a customer's cached answers when an event arrives. Scoring one
 * customer from a loaded model is a sub-millisecond loop over a few thousand items, cheaper than
 * a round trip to a worker holding its own copy, so it runs here.
 */
export class RecommendationService {
  private readonly cacheTtlMs: number;

  constructor(
    private readonly deps: RecommendationServiceDeps,
    options: RecommendationServiceOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 300_000;
  }

  /** The served model's name (the registry's). */
  get modelName(): string {
    return this.deps.registry.modelName;
  }

  status(): ModelStatus {
    return this.deps.registry.status();
  }

  /** Top-k for a customer; unknown customers get the popular list (strategy `popular`), never an error. */
  async recommend(userId: string, args: RecommendArgs): Promise<RecommendationList> {
    const model = await this.deps.registry.current();
    const k = clampK(args.k);
    return this.deps.cache
      .namespace(customerNamespace(userId))
      .getOrLoad(recommendationKey(model?.version, args), () => this.rankForCustomer(userId, { ...args, k }, model), { ttlMs: this.cacheTtlMs });
  }

  /**
   * What `recommend` would answer from this process's memory, without I/O; undefined when it would
   * have to rank, load a model, or re-check the active version first.
   */
  cachedRecommendations(userId: string, args: RecommendArgs): RecommendationList | undefined {
    const { registry } = this.deps;
    if (registry.isCheckDue()) return undefined;
    return this.deps.cache.namespace(customerNamespace(userId)).peek(recommendationKey(registry.loaded()?.version, args));
  }

  /** What the learned item-item model links to a product; [] for a known product that is not recommendable. */
  async similarProducts(productId: string, k: number): Promise<ScoredProduct[]> {
    return this.productNeighbours('similar', productId, k);
  }

  /** Products bought in the same baskets; [] for a known product that is not recommendable. */
  async boughtTogether(productId: string, k: number): Promise<ScoredProduct[]> {
    return this.productNeighbours('together', productId, k);
  }

  /** Most distinct buyers, optionally over the last `sinceDays` (before the model's last purchase) and one country. */
  async popularProducts(args: PopularArgs): Promise<ScoredProduct[]> {
    const model = await this.deps.registry.current();
    const k = clampK(args.k);
    return this.deps.cache.namespace(POPULAR_NAMESPACE).getOrLoad(
      cacheKey(model?.version, { ...args, k }),
      async () => {
        const catalog = await this.deps.registry.catalog();
        if (model) return catalog.present(model.recommender.popularProducts({ k, sinceDays: args.sinceDays, country: args.country }));
        return this.popularFromDatabase(catalog, { ...args, k });
      },
      { ttlMs: this.cacheTtlMs },
    );
  }

  private async rankForCustomer(userId: string, args: RecommendArgs, model: ActiveModel | undefined): Promise<RecommendationList> {
    const catalog = await this.deps.registry.catalog();
    if (!model) {
      return { userId, strategy: 'popular', modelVersion: null, items: await this.popularFromDatabase(catalog, args) };
    }
    const db = await this.deps.database.get();
    // Events are not in the trained model: they re-rank on top of it until the next training.
    const events = await db.events.listForCustomer(userId, { limit: 100, types: LIVE_EVENT_TYPES });
    const recentEvents: LiveEvent[] = events.map((e) => ({ productId: e.productId, kind: e.type as LiveEvent['kind'], time: e.occurredAt }));
    const known = model.recommender.hasCustomer(userId) || recentEvents.length > 0;
    // An unknown customer scores popularity only: the cold-start list, filtered the same way.
    const items = model.recommender.recommend(userId, {
      k: args.k,
      excludePurchased: args.excludePurchased,
      minPrice: args.minPrice,
      maxPrice: args.maxPrice,
      excludeProductIds: args.excludeProductIds,
      recentEvents,
    });
    return { userId, strategy: known ? 'model' : 'popular', modelVersion: model.version, items: catalog.present(items.filter((i) => i.score > 0)) };
  }

  private async productNeighbours(kind: 'similar' | 'together', productId: string, k: number): Promise<ScoredProduct[]> {
    const catalog = await this.deps.registry.catalog();
    if (!catalog.get(productId)) throw new UnknownProductError(productId);
    if (!catalog.recommendable(productId)) return [];
    const model = await this.deps.registry.current();
    const n = clampK(k);
    return this.deps.cache.namespace(productNamespace(productId)).getOrLoad(
      cacheKey(model?.version, { kind, k: n }),
      async () => {
        if (model) {
          const items = kind === 'similar' ? model.recommender.similarProducts(productId, n) : model.recommender.boughtTogether(productId, n);
          return catalog.present(items);
        }
        // No model yet: shared baskets from the database stand in for both.
        const db = await this.deps.database.get();
        const reason = kind === 'similar' ? `similar-to:${productId}` : `bought-with:${productId}`;
        const rows = await db.orders.coPurchases(productId, { limit: n * 2 });
        return catalog.present(rows.map((r) => ({ productId: r.productId, score: r.orders, reason }))).slice(0, n);
      },
      { ttlMs: this.cacheTtlMs },
    );
  }

  /**
   * Orders per product from the database: the answer before any model is trained. The
   * aggregate scans every order line, so one list per window and country is cached for
   * everyone and filtered per call.
   */
  private async popularFromDatabase(catalog: CatalogSnapshot, args: RecommendArgs & PopularArgs): Promise<ScoredProduct[]> {
    const excluded = new Set(args.excludeProductIds ?? []);
    const since = args.sinceDays === undefined ? undefined : new Date(Math.floor((Date.now() - args.sinceDays * DAY_MS) / DAY_MS) * DAY_MS);
    const limit = MAX_K * 3 + excluded.size;
    const rows = await this.deps.cache.namespace(POPULAR_NAMESPACE).getOrLoad(
      cacheKey('database', { country: args.country, since: since?.toISOString(), limit }),
      async () => (await this.deps.database.get()).orders.popularProducts({ limit, country: args.country, since }),
      { ttlMs: this.cacheTtlMs },
    );
    const items: RankedItem[] = [];
    for (const r of rows) {
      const p = catalog.get(r.productId);
      if (!p || excluded.has(r.productId)) continue;
      if (args.minPrice !== undefined && !(p.price >= args.minPrice)) continue;
      if (args.maxPrice !== undefined && !(p.price <= args.maxPrice)) continue;
      items.push({ productId: r.productId, score: r.orders, reason: 'popular' });
    }
    return catalog.present(items).slice(0, args.k);
  }
}
