import type { AsyncCache } from '@reco/async-cache';
import type { RecommendationList, ScoredProduct } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { DAY_MS } from '../model/interaction';
import type { RankedItem } from '../model/recommender-options';
import { isOffered, type CatalogSnapshot } from '../registry/catalog-snapshot';
import { contentNeighbours } from '../registry/content-neighbours';
import type { ActiveModel, ModelRegistry, ModelStatus } from '../registry/model-registry';
import type { SessionRecommendationList } from '../schemas/session-recommendation-list';
import { cacheKey, customerNamespace, POPULAR_NAMESPACE, productNamespace, recommendationKey, servingScope } from './cache-keys';
import { categoryFilter, RECENT_EVENTS, rankCustomer } from './customer-ranking';
import { fillFromCatalog } from './list-fill';
import { LIVE_EVENT_TYPES, toLiveEvents } from './live-events';
import { PrecomputedLists, type PrecomputeOptions, type PrecomputeOutcome } from './precomputed-lists';
import { clampK, MAX_K, type PopularArgs, type RecommendArgs, type SessionRecommendArgs } from './recommend-args';

export interface RecommendationServiceOptions {
  /** Freshness of cached answers. Default 5 min (live events and catalogue changes make them misses at once). */
  cacheTtlMs?: number;
  /** Length of each precomputed list (1-MAX_K): calls for up to this many are answered from it. Default 50. */
  precomputeDepth?: number;
  /** How long a precomputed list is served. Default 24 h (a live event, a new model or a catalogue change end it sooner). */
  precomputedTtlMs?: number;
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

/**
 * Serves the recommender (the tools are thin adapters over it): the registry's model and
 * catalogue snapshot, behind the cache; LiveFeedback drops a customer's cached answers when an
 * event arrives, and a catalogue change changes every key (see servingScope). Scoring one
 * customer from a loaded model is a sub-millisecond loop over a few thousand items, cheaper than
 * a round trip to a worker holding its own copy, so it runs here.
 */
export class RecommendationService {
  private readonly cacheTtlMs: number;
  private readonly precomputed: PrecomputedLists;

  constructor(
    private readonly deps: RecommendationServiceDeps,
    options: RecommendationServiceOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 300_000;
    this.precomputed = new PrecomputedLists(deps, { depth: options.precomputeDepth ?? 50, ttlMs: options.precomputedTtlMs ?? 86_400_000 });
  }

  /** The served model's name (the registry's). */
  get modelName(): string {
    return this.deps.registry.modelName;
  }

  status(): ModelStatus {
    return this.deps.registry.status();
  }

  /**
   * Top-k for a customer; unknown customers get the popular list (strategy `popular`), never an
   * error. A miss reads the customer's precomputed list first (see `precompute`), and ranks when
   * there is none for this model and catalogue, or the call asks for what it leaves out.
   */
  async recommend(userId: string, args: RecommendArgs): Promise<RecommendationList> {
    const model = await this.deps.registry.current();
    const catalog = await this.deps.registry.catalog();
    const k = clampK(args.k);
    const scope = servingScope(model?.version, catalog);
    return this.deps.cache.namespace(customerNamespace(userId)).getOrLoad(
      recommendationKey(scope, args),
      async () => {
        const precomputed = model ? await this.precomputed.answer(userId, args, k, scope, catalog) : undefined;
        return precomputed ?? this.rankForCustomer(userId, { ...args, k }, model, catalog);
      },
      { ttlMs: this.cacheTtlMs },
    );
  }

  /**
   * Ranks each customer's default list (what `recommend(userId, { k })` answers, k up to
   * `precomputeDepth`) and stores it where `recommend` reads it on a miss, with its model version
   * and catalogue; for a job on worker processes. Without a model it stores nothing.
   */
  precompute(customerIds: readonly string[], options?: PrecomputeOptions): Promise<PrecomputeOutcome> {
    return this.precomputed.precompute(customerIds, options);
  }

  /**
   * What `recommend` would answer from this process's memory, without I/O; undefined when it would
   * have to rank, load a model, or re-check the active version or the catalogue first.
   */
  cachedRecommendations(userId: string, args: RecommendArgs): RecommendationList | undefined {
    const { registry } = this.deps;
    const catalog = registry.loadedCatalog();
    if (!catalog || registry.isCheckDue() || registry.isCatalogRefreshDue()) return undefined;
    return this.deps.cache.namespace(customerNamespace(userId)).peek(recommendationKey(servingScope(registry.loaded()?.version, catalog), args));
  }

  /**
   * Top-k for an anonymous visitor from the session's events (viewed and carted products, most
   * recent first) through the item-item model, leaving out what the session bought; the popular
   * list (strategy `popular`) for an unknown or empty session. Not cached: every event of the
   * session changes the answer, and the events are read anyway.
   */
  async recommendForSession(sessionId: string, args: SessionRecommendArgs): Promise<SessionRecommendationList> {
    const model = await this.deps.registry.current();
    const catalog = await this.deps.registry.catalog();
    const k = clampK(args.k);
    const db = await this.deps.database.get();
    const recentEvents = toLiveEvents(await db.events.listForSession(sessionId, { limit: RECENT_EVENTS, types: LIVE_EVENT_TYPES }));
    const bought = new Set(recentEvents.filter((e) => e.kind === 'purchase').map((e) => e.productId));
    const filter = { k, category: args.category, exclude: bought };
    if (!model) {
      const items = await this.popularFromDatabase(catalog, { k, category: args.category, excludeProductIds: [...bought] });
      return { sessionId, strategy: 'popular', modelVersion: null, items: fillFromCatalog(catalog, items, filter) };
    }
    const known = recentEvents.some((e) => model.recommender.knowsProduct(e.productId));
    const ranked = model.recommender.recommendFromEvents({ k, excludePurchased: true, recentEvents, include: categoryFilter(catalog, args.category) });
    const items = catalog.present(ranked.filter((i) => i.score > 0));
    return { sessionId, strategy: known ? 'model' : 'popular', modelVersion: model.version, items: fillFromCatalog(catalog, items, filter) };
  }

  /**
   * What the learned item-item model links to a product, filled with products like it in the
   * catalogue (category, tags, price), which is all a product added since the last training
   * has; [] for a known product that is not recommendable.
   */
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
    const catalog = await this.deps.registry.catalog();
    const k = clampK(args.k);
    return this.deps.cache.namespace(POPULAR_NAMESPACE).getOrLoad(
      cacheKey(servingScope(model?.version, catalog), { ...args, k }),
      async () => {
        if (model) return catalog.present(model.recommender.popularProducts({ k, sinceDays: args.sinceDays, country: args.country }));
        return this.popularFromDatabase(catalog, { ...args, k });
      },
      { ttlMs: this.cacheTtlMs },
    );
  }

  private async rankForCustomer(userId: string, args: RecommendArgs, model: ActiveModel | undefined, catalog: CatalogSnapshot): Promise<RecommendationList> {
    if (model) return (await rankCustomer(this.deps.database, userId, args, model, catalog)).list;
    const items = await this.popularFromDatabase(catalog, args);
    return { userId, strategy: 'popular', modelVersion: null, items: fillFromCatalog(catalog, items, { ...args, exclude: new Set(args.excludeProductIds ?? []) }) };
  }

  private async productNeighbours(kind: 'similar' | 'together', productId: string, k: number): Promise<ScoredProduct[]> {
    let catalog = await this.deps.registry.catalog();
    if (!catalog.get(productId)) {
      // Perhaps written by another instance since the last refresh: one look in the database.
      await this.deps.registry.productsChanged([productId]);
      catalog = await this.deps.registry.catalog();
    }
    const product = catalog.get(productId);
    if (!product) throw new UnknownProductError(productId);
    if (!isOffered(product)) return [];
    const model = await this.deps.registry.current();
    const n = clampK(k);
    return this.deps.cache.namespace(productNamespace(productId)).getOrLoad(
      cacheKey(servingScope(model?.version, catalog), { kind, k: n }),
      async () => {
        let items: RankedItem[];
        if (model) {
          items = kind === 'similar' ? model.recommender.similarProducts(productId, n) : model.recommender.boughtTogether(productId, n);
        } else {
          // No model yet: shared baskets from the database stand in for both.
          const db = await this.deps.database.get();
          const reason = kind === 'similar' ? `similar-to:${productId}` : `bought-with:${productId}`;
          const rows = await db.orders.coPurchases(productId, { limit: n * 2 });
          items = rows.map((r) => ({ productId: r.productId, score: r.orders, reason }));
        }
        const list = catalog.present(items).slice(0, n);
        if (kind === 'together' || list.length >= n) return list;
        const listed = new Set(list.map((i) => i.productId));
        return [...list, ...catalog.present(contentNeighbours(catalog, product, n - list.length, listed))];
      },
      { ttlMs: this.cacheTtlMs },
    );
  }

  /**
   * Orders per product from the database: the answer before any model is trained. The
   * aggregate scans every order line, so one list per window and country is cached for
   * everyone and filtered per call.
   */
  private async popularFromDatabase(catalog: CatalogSnapshot, args: Partial<RecommendArgs> & PopularArgs): Promise<ScoredProduct[]> {
    const excluded = new Set(args.excludeProductIds ?? []);
    const members = args.category === undefined ? undefined : catalog.categoryMembers(args.category);
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
      if (!p || excluded.has(r.productId) || (members && !members.has(r.productId))) continue;
      if (args.minPrice !== undefined && !(p.price >= args.minPrice)) continue;
      if (args.maxPrice !== undefined && !(p.price <= args.maxPrice)) continue;
      items.push({ productId: r.productId, score: r.orders, reason: 'popular' });
    }
    return catalog.present(items).slice(0, args.k);
  }
}
