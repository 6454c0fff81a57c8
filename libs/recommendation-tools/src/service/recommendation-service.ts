import type { AsyncCache } from '@reco/async-cache';
import type { RecommendationList, ScoredProduct } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { candidateFilter } from '../merchandising/candidate-filter';
import type { RecommendationFilters } from '../merchandising/merchandising-schemas';
import { DAY_MS } from '../model/interaction';
import type { RankedItem } from '../model/recommender-options';
import { isOffered, type CatalogSnapshot } from '../registry/catalog-snapshot';
import type { ActiveModel, ModelRegistry, ModelStatus } from '../registry/model-registry';
import type { SessionRecommendationList } from '../schemas/session-recommendation-list';
import { cacheKey, customerNamespace, filterKey, POPULAR_NAMESPACE, productNamespace, recommendationKey, servingScope } from './cache-keys';
import { RECENT_EVENTS, rankCustomer } from './customer-ranking';
import { fillFromCatalog } from './list-fill';
import { LIVE_EVENT_TYPES, toLiveEvents } from './live-events';
import { PrecomputedLists, type PrecomputeOptions, type PrecomputeOutcome } from './precomputed-lists';
import { acceptedContentNeighbours } from './product-neighbours';
import { clampK, filtersOf, MAX_K, type PopularArgs, type RecommendArgs, type SessionRecommendArgs } from './recommend-args';
import { stamp, type Unstamped } from './recommendation-id';

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

/** Which products a call may list, when a caller (PlacementService) filters by more than the request (rules): such a call is never cached. */
export type Accept = (productId: string) => boolean;

/**
 * How a caller (PlacementService) narrows one call: `accept`, which products it may list when it
 * filters by more than the request (rules): such a call is never cached; `model`, a stored version
 * to rank with instead of the active one (an experiment arm's), cached under its own version.
 */
export interface ServeWith {
  accept?: Accept;
  model?: ActiveModel;
}

/** The request's filters, for the methods that take them besides their own arguments. */
export type Filters = Omit<RecommendationFilters, 'excludeProductIds'> & { excludeProductIds?: readonly string[] };

/**
 * Serves the recommender (the tools are thin adapters over it): the registry's model and
 * catalogue snapshot, behind the cache; LiveFeedback drops a customer's cached answers when an
 * event arrives, and a catalogue change changes every key (see servingScope). Scoring one
 * customer from a loaded model is a sub-millisecond loop over a few thousand items, cheaper than
 * a round trip to a worker holding its own copy, so it runs here. Every filter is scored inside
 * the model (candidateFilter as its `include`), so lists are full while products pass; every
 * list answer gets a new recommendationId, cached or not (the cache holds lists without one).
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

  /** The registry serving the model (strategies read its model and catalogue). */
  get registry(): ModelRegistry {
    return this.deps.registry;
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
    return stamp(await this.customerList(userId, args));
  }

  /** `recommend` without the answer's id; see ServeWith for `accept` and `model`. */
  async customerList(userId: string, args: RecommendArgs, { accept, model: chosen }: ServeWith = {}): Promise<Unstamped<RecommendationList>> {
    const model = chosen ?? (await this.deps.registry.current());
    const catalog = await this.deps.registry.catalog();
    const k = clampK(args.k);
    if (accept) return this.rankForCustomer(userId, { ...args, k }, model, catalog, accept);
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
   * Ranks and stores each customer's default list (what `recommend(userId, { k })` answers, k up to
   * `precomputeDepth`) and stores it where `recommend` reads it on a miss, with its model version
   * and catalogue; for a job on worker processes. Without a model it stores nothing.
   */
  precompute(customerIds: readonly string[], options?: PrecomputeOptions): Promise<PrecomputeOutcome> {
    return this.precomputed.precompute(customerIds, options);
  }

  /**
   * What `recommend` would answer from this process's memory, without I/O (with a new id);
   * undefined when it would have to rank, load a model, or re-check the active version or the catalogue first.
   */
  cachedRecommendations(userId: string, args: RecommendArgs): RecommendationList | undefined {
    const list = this.peekCustomerList(userId, args);
    return list && stamp(list);
  }

  /** `cachedRecommendations` without the answer's id; `model`: a loaded version other than the active one (ServeWith). */
  peekCustomerList(userId: string, args: RecommendArgs, model?: ActiveModel): Unstamped<RecommendationList> | undefined {
    const { registry } = this.deps;
    const catalog = registry.loadedCatalog();
    if (!catalog || registry.isCheckDue() || registry.isCatalogRefreshDue()) return undefined;
    const version = (model ?? registry.loaded())?.version;
    return this.deps.cache.namespace(customerNamespace(userId)).peek(recommendationKey(servingScope(version, catalog), args));
  }

  /**
   * Top-k for an anonymous visitor from the session's events (viewed and carted products, most
   * recent first) through the item-item model, leaving out what the session bought; the popular
   * list (strategy `popular`) for an unknown or empty session. Not cached: every event of the
   * session changes the answer, and the events are read anyway.
   */
  async recommendForSession(sessionId: string, args: SessionRecommendArgs): Promise<SessionRecommendationList> {
    return stamp(await this.sessionList(sessionId, args));
  }

  /** `recommendForSession` without the answer's id; see ServeWith for `accept` and `model`. */
  async sessionList(sessionId: string, args: SessionRecommendArgs, { accept, model: chosen }: ServeWith = {}): Promise<Unstamped<SessionRecommendationList>> {
    const model = chosen ?? (await this.deps.registry.current());
    const catalog = await this.deps.registry.catalog();
    const k = clampK(args.k);
    const db = await this.deps.database.get();
    const recentEvents = toLiveEvents(await db.events.listForSession(sessionId, { limit: RECENT_EVENTS, types: LIVE_EVENT_TYPES }));
    const bought = new Set(recentEvents.filter((e) => e.kind === 'purchase').map((e) => e.productId));
    const filtered = accept ?? candidateFilter(catalog, filtersOf(args), []);
    const include = (productId: string) => !bought.has(productId) && filtered(productId);
    const fill = { k, category: args.category, accept: include, includeUnavailable: args.includeUnavailable };
    if (!model) {
      const items = await this.popularFromDatabase(catalog, { k }, include, args.includeUnavailable);
      return { sessionId, strategy: 'popular', modelVersion: null, items: fillFromCatalog(catalog, items, fill) };
    }
    const known = recentEvents.some((e) => model.recommender.knowsProduct(e.productId));
    const ranked = model.recommender.recommendFromEvents({ k, excludePurchased: true, recentEvents, include, includeUnavailable: args.includeUnavailable });
    const items = catalog.present(ranked.filter((i) => i.score > 0), args.includeUnavailable);
    return { sessionId, strategy: known ? 'model' : 'popular', modelVersion: model.version, items: fillFromCatalog(catalog, items, fill) };
  }

  /**
   * What the learned item-item model links to a product, filled with products like it in the
   * catalogue (category, tags, price), which is all a product added since the last training
   * has; [] for a known product that is not recommendable.
   */
  async similarProducts(productId: string, k: number, filters: Filters = {}, using: ServeWith = {}): Promise<ScoredProduct[]> {
    return this.productNeighbours('similar', productId, k, filters, using);
  }

  /** Products bought in the same baskets; [] for a known product that is not recommendable. */
  async boughtTogether(productId: string, k: number, filters: Filters = {}, using: ServeWith = {}): Promise<ScoredProduct[]> {
    return this.productNeighbours('together', productId, k, filters, using);
  }

  /** Most distinct buyers, optionally over the last `sinceDays` (before the model's last purchase) and one country, filtered. */
  async popularProducts(args: PopularArgs & Filters, { accept, model: chosen }: ServeWith = {}): Promise<ScoredProduct[]> {
    const model = chosen ?? (await this.deps.registry.current());
    const catalog = await this.deps.registry.catalog();
    const k = clampK(args.k);
    const load = async () => {
      const include = accept ?? candidateFilter(catalog, filtersOf(args), []);
      const options = { k, sinceDays: args.sinceDays, country: args.country, include, includeUnavailable: args.includeUnavailable };
      if (model) return catalog.present(model.recommender.popularProducts(options), args.includeUnavailable);
      return this.popularFromDatabase(catalog, { ...args, k }, include, args.includeUnavailable);
    };
    if (accept) return load();
    const key = cacheKey(servingScope(model?.version, catalog), { k, sinceDays: args.sinceDays, country: args.country, ...filterKey(args) });
    return this.deps.cache.namespace(POPULAR_NAMESPACE).getOrLoad(key, load, { ttlMs: this.cacheTtlMs });
  }

  /** The served model (undefined before any; `chosen` instead when given, see ServeWith) and the catalogue, each current. */
  async modelAndCatalog(chosen?: ActiveModel): Promise<{ model: ActiveModel | undefined; catalog: CatalogSnapshot }> {
    const model = chosen ?? (await this.deps.registry.current());
    return { model, catalog: await this.deps.registry.catalog() };
  }

  private async rankForCustomer(userId: string, args: RecommendArgs, model: ActiveModel | undefined, catalog: CatalogSnapshot, accept?: Accept): Promise<Unstamped<RecommendationList>> {
    if (model) return (await rankCustomer(this.deps.database, userId, args, model, catalog, accept)).list;
    const include = accept ?? candidateFilter(catalog, filtersOf(args), []);
    const items = await this.popularFromDatabase(catalog, args, include, args.includeUnavailable);
    const fill = { k: args.k, category: args.category, accept: include, includeUnavailable: args.includeUnavailable };
    return { userId, strategy: 'popular', modelVersion: null, items: fillFromCatalog(catalog, items, fill) };
  }

  private async productNeighbours(kind: 'similar' | 'together', productId: string, k: number, filters: Filters, { accept, model: chosen }: ServeWith): Promise<ScoredProduct[]> {
    let catalog = await this.deps.registry.catalog();
    if (!catalog.get(productId)) {
      // Perhaps written by another instance since the last refresh: one look in the database.
      await this.deps.registry.productsChanged([productId]);
      catalog = await this.deps.registry.catalog();
    }
    const product = catalog.get(productId);
    if (!product) throw new UnknownProductError(productId);
    if (!isOffered(product)) return [];
    const model = chosen ?? (await this.deps.registry.current());
    const n = clampK(k);
    const { includeUnavailable } = filters;
    const load = async () => {
      const include = accept ?? candidateFilter(catalog, filtersOf(filters), []);
      let items: RankedItem[];
      if (model) {
        items = kind === 'similar' ? model.recommender.similarProducts(productId, n, { include, includeUnavailable }) : model.recommender.boughtTogether(productId, n, { include, includeUnavailable });
      } else {
        // No model yet: shared baskets from the database stand in for both.
        const db = await this.deps.database.get();
        const reason = kind === 'similar' ? `similar-to:${productId}` : `bought-with:${productId}`;
        const rows = await db.orders.coPurchases(productId, { limit: n * 2 });
        items = rows.filter((r) => include(r.productId)).map((r) => ({ productId: r.productId, score: r.orders, reason }));
      }
      const list = catalog.present(items, includeUnavailable).slice(0, n);
      if (kind === 'together' || list.length >= n) return list;
      const listed = new Set(list.map((i) => i.productId));
      return [...list, ...catalog.present(acceptedContentNeighbours(catalog, product, n - list.length, listed, include), includeUnavailable)];
    };
    if (accept) return load();
    return this.deps.cache.namespace(productNamespace(productId)).getOrLoad(cacheKey(servingScope(model?.version, catalog), { kind, k: n, ...filterKey(filters) }), load, {
      ttlMs: this.cacheTtlMs,
    });
  }

  /**
   * Orders per product from the database: the answer before any model is trained. The
   * aggregate scans every order line, so one list per window and country is cached for
   * everyone and filtered per call.
   */
  async popularFromDatabase(catalog: CatalogSnapshot, args: PopularArgs & { excludeProductIds?: readonly string[] }, include: Accept, includeUnavailable?: boolean): Promise<ScoredProduct[]> {
    const since = args.sinceDays === undefined ? undefined : new Date(Math.floor((Date.now() - args.sinceDays * DAY_MS) / DAY_MS) * DAY_MS);
    const limit = MAX_K * 3 + (args.excludeProductIds?.length ?? 0);
    const rows = await this.deps.cache.namespace(POPULAR_NAMESPACE).getOrLoad(
      cacheKey('database', { country: args.country, since: since?.toISOString(), limit }),
      async () => (await this.deps.database.get()).orders.popularProducts({ limit, country: args.country, since }),
      { ttlMs: this.cacheTtlMs },
    );
    const items: RankedItem[] = [];
    for (const r of rows) if (include(r.productId)) items.push({ productId: r.productId, score: r.orders, reason: 'popular' });
    return catalog.present(items, includeUnavailable).slice(0, args.k);
  }
}
