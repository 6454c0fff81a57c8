import { hash } from 'node:crypto';
import type { AsyncCache } from '@reco/async-cache';
import type { RecommendationList, ScoredProduct, ToolLogger } from '@reco/base-tools';
import { silentLogger } from '@reco/base-tools';
import type { DatabaseHandle, EventType, ModelVersion } from '@reco/data';
import { withTransfer, type AsyncExecutor } from '@reco/executor';
import type { ModelMetadata } from '@reco/ml';
import type { ObjectStore } from '@reco/object-store';
import { DAY_MS } from '../model/interaction';
import { Recommender, type LiveEvent, type ScoredProduct as ModelItem } from '../model/recommender';
import type { RecommenderState, TrainingOptions } from '../model/recommender-state';
import { registerRecommenderTasks, type RecommenderTasks } from '../tasks/recommender-tasks';
import type { TrainTaskPayload } from '../tasks/train-recommender.task';
import type { EvaluationRow, HoldoutSpec } from './evaluation-report';
import { loadModel, modelPrefix, newModelVersion, saveModel } from './model-store';
import { loadCatalog, type ProductCatalog } from './product-catalog';
import { readPurchaseColumns } from './purchase-reader';
import { buffersOf } from './recommender-artifacts';

export const MAX_K = 100;

export interface RecommendationServiceOptions {
  /** Model name in the registry and the object store. Default `recommender`. */
  modelName?: string;
  /** Freshness of cached answers. Default 5 min (live events invalidate a customer's at once). */
  cacheTtlMs?: number;
  /** How often the active version is re-checked (another process may have trained). Default 30 s. */
  refreshMs?: number;
  /** Worker timeout of one training run. Default 10 min. */
  trainTimeoutMs?: number;
  /** Hold-out days of the metrics stored with each trained model; 0 skips them. Default 30. */
  holdoutDays?: number;
  trainingOptions?: Partial<TrainingOptions>;
}

export interface RecommendationServiceDeps {
  database: DatabaseHandle;
  objectStore: ObjectStore;
  executor: AsyncExecutor;
  cache: AsyncCache;
  logger?: ToolLogger;
}

export interface RecommendArgs {
  k: number;
  excludePurchased?: boolean;
  minPrice?: number;
  maxPrice?: number;
  excludeProductIds?: readonly string[];
}

export interface PopularArgs {
  k: number;
  sinceDays?: number;
  country?: string;
}

export interface TrainArgs {
  modelName?: string;
  /** Only purchases before this instant train. */
  until?: Date;
  signal?: AbortSignal;
  /** Activate the new version (default true). */
  activate?: boolean;
  /** Stages of a run, 0..1, for job progress. */
  onProgress?: (progress: { progress: number; message: string }) => void;
}

/** A feedback event as the HTTP layer and the CLI hand it over. */
export interface LiveEventInput {
  customerId: string;
  productId: string;
  type: EventType;
  occurredAt?: Date;
}

export interface TrainOutcome {
  name: string;
  version: string;
  objectKey: string;
  metrics: Record<string, number>;
  metadata: ModelMetadata;
  evaluation: EvaluationRow[];
  seconds: number;
}

export interface ModelStatus {
  modelName: string;
  loaded: boolean;
  version: string | null;
  backend: string | null;
  trainedUntil: string | null;
  loadedAt: string | null;
  products: number;
  customers: number;
}

/** A product id the shop does not have; the tools turn it into NOT_FOUND. */
export class UnknownProductError extends Error {
  constructor(readonly productId: string) {
    super(`product ${JSON.stringify(productId)} is not in the catalog`);
    this.name = 'UnknownProductError';
  }
}

interface ActiveModel {
  name: string;
  version: string;
  recommender: Recommender;
  metadata: ModelMetadata;
  loadedAt: Date;
}

const LIVE_EVENT_TYPES: readonly EventType[] = ['view', 'cart', 'purchase'];

/**
 * Trains, stores, loads and serves the recommender; the tools are thin adapters over it.
 * CPU-heavy steps (training, decoding weights) run in the executor's workers; scoring one
 * customer from a loaded model is a sub-millisecond loop over a few thousand items, cheaper
 * than a round trip to a worker holding its own copy, so it runs here, behind the cache.
 */
export class RecommendationService {
  readonly modelName: string;
  private readonly tasks: RecommenderTasks;
  private readonly logger: ToolLogger;
  private readonly cacheTtlMs: number;
  private readonly refreshMs: number;
  private model: ActiveModel | undefined;
  private catalogLoad: Promise<ProductCatalog> | undefined;
  private lastCheck = 0;
  private checking: Promise<void> | undefined;
  private backend: string | undefined;
  private starting: Promise<ModelStatus> | undefined;

  constructor(
    private readonly deps: RecommendationServiceDeps,
    private readonly options: RecommendationServiceOptions = {},
  ) {
    this.modelName = options.modelName ?? 'recommender';
    this.cacheTtlMs = options.cacheTtlMs ?? 300_000;
    this.refreshMs = options.refreshMs ?? 30_000;
    this.logger = deps.logger ?? silentLogger;
    this.tasks = registerRecommenderTasks(deps.executor);
  }

  /** Once: logs the workers' TensorFlow.js backend and loads the active model, if any. */
  start(): Promise<ModelStatus> {
    this.starting ??= (async () => {
      const { backend } = await this.deps.executor.run(this.tasks.probe, {});
      this.backend = backend;
      await this.refresh();
      const status = this.status();
      this.logger.info({ ...status }, status.loaded ? 'recommender started with its model' : 'recommender started without a model: serving the popularity fallback');
      return status;
    })().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  /** The workers' TensorFlow.js backend once known (for metrics: `tfBackend` source). */
  tensorflowBackend(): string | undefined {
    return this.backend;
  }

  status(): ModelStatus {
    const m = this.model;
    const state = m?.recommender.state;
    return {
      modelName: this.modelName,
      loaded: m !== undefined,
      version: m?.version ?? null,
      backend: this.backend ?? null,
      trainedUntil: state ? new Date(state.trainedUntil).toISOString() : null,
      loadedAt: m?.loadedAt.toISOString() ?? null,
      products: state?.productIds.length ?? 0,
      customers: state?.histories.customerIds.length ?? 0,
    };
  }

  /** Re-reads the registry now and loads the active version if it changed. */
  async loadActive(): Promise<ModelStatus> {
    await this.refresh();
    return this.status();
  }

  /** After an activation elsewhere (admin route): the same as loadActive. */
  reload(): Promise<ModelStatus> {
    return this.loadActive();
  }

  /**
   * Trains on the database's purchases in a worker, stores the artifacts, registers the version
   * and (by default) activates it; this process serves it at once.
   */
  async train(args: TrainArgs = {}): Promise<TrainOutcome> {
    const started = performance.now();
    const name = args.modelName ?? this.modelName;
    const progress = (value: number, message: string) => args.onProgress?.({ progress: value, message });
    const db = await this.deps.database.get();
    const createdAt = new Date();
    progress(0, 'reading purchases');
    const holdoutDays = this.options.holdoutDays ?? 30;
    const version = newModelVersion(createdAt);
    const source = await this.purchaseSource(args.until, args.signal);
    progress(0.1, 'training in a worker');
    const result = await this.deps.executor.run(
      this.tasks.train,
      withTransfer(
        {
          ...source,
          options: this.options.trainingOptions,
          // Metrics: the same protocol as `evaluate`, on the last `holdoutDays` of the data.
          holdoutLast: holdoutDays > 0 ? { days: holdoutDays, k: 20 } : undefined,
          final: { metadata: { name, version: createdAt.getTime(), trainedAt: createdAt.toISOString() } },
        },
        buffersOf(source),
      ),
      { timeoutMs: this.options.trainTimeoutMs ?? 600_000, signal: args.signal },
    );
    const { state, artifacts } = result;
    if (!state || !artifacts) throw new Error('training task returned no model');
    this.backend = result.backend;
    const objectKey = modelPrefix(name, version);
    progress(0.9, `storing ${objectKey}`);
    await saveModel(this.deps.objectStore, objectKey, artifacts, args.signal);
    const metrics = artifacts.metadata.metrics;
    await db.modelVersions.create({ name, version, metrics, objectKey });
    if (args.activate !== false) {
      await db.modelVersions.activate(name, version);
      if (name === this.modelName) await this.use(name, version, state, artifacts.metadata);
    }
    const seconds = (performance.now() - started) / 1000;
    progress(1, `trained ${name} ${version}`);
    this.logger.info({ name, version, objectKey, backend: result.backend, seconds, counts: state.counts }, 'recommender trained');
    return { name, version, objectKey, metrics, metadata: artifacts.metadata, evaluation: result.evaluation, seconds };
  }

  /** Temporal hold-out of the database's purchases: model vs popularity, "all" and "new". Stores nothing. */
  async evaluate(spec: HoldoutSpec & { signal?: AbortSignal }): Promise<{ rows: EvaluationRow[]; backend: string }> {
    const source = await this.purchaseSource(undefined, spec.signal);
    const { cutoff, days, k } = spec;
    const result = await this.deps.executor.run(
      this.tasks.train,
      withTransfer({ ...source, options: this.options.trainingOptions, holdout: { cutoff, days, k } }, buffersOf(source)),
      { timeoutMs: this.options.trainTimeoutMs ?? 600_000, signal: spec.signal },
    );
    this.backend = result.backend;
    return { rows: result.evaluation, backend: result.backend };
  }

  /** SQLite files are read in the worker (synchronous queries would stall this thread); other databases here. */
  private async purchaseSource(until: Date | undefined, signal?: AbortSignal): Promise<Pick<TrainTaskPayload, 'columns' | 'database'>> {
    const db = await this.deps.database.get();
    if (db.provider === 'sqlite' && !db.url.endsWith(':memory:')) return { database: { url: db.url, until: until?.getTime() } };
    return { columns: await readPurchaseColumns(db, { until, signal }) };
  }

  /** Top-k for a customer; unknown customers get the popular list (strategy `popular`), never an error. */
  async recommend(userId: string, args: RecommendArgs): Promise<RecommendationList> {
    const model = await this.current();
    const k = clampK(args.k);
    return this.deps.cache
      .namespace(userNamespace(userId))
      .getOrLoad(recommendationKey(model?.version, args), () => this.rankForCustomer(userId, { ...args, k }, model), { ttlMs: this.cacheTtlMs });
  }

  /**
   * What `recommend` would answer from this process's memory, without I/O; undefined when it would
   * have to rank, load a model, or re-check the active version first.
   */
  cachedRecommendations(userId: string, args: RecommendArgs): RecommendationList | undefined {
    if (this.lastCheck === 0 || Date.now() - this.lastCheck >= this.refreshMs) return undefined;
    return this.deps.cache.namespace(userNamespace(userId)).peek(recommendationKey(this.model?.version, args));
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
    const model = await this.current();
    const k = clampK(args.k);
    return this.deps.cache.namespace('recs:popular').getOrLoad(
      cacheKey(model?.version, { ...args, k }),
      async () => {
        const catalog = await this.catalog();
        if (model) return catalog.present(model.recommender.popularProducts({ k, sinceDays: args.sinceDays, country: args.country }));
        return this.popularFromDatabase(catalog, { ...args, k });
      },
      { ttlMs: this.cacheTtlMs },
    );
  }

  /**
   * Stores a live event and drops the customer's cached answers: the next call re-ranks with
   * it (no retraining), within the time of one database write.
   */
  async recordEvent(event: LiveEventInput): Promise<void> {
    const db = await this.deps.database.get();
    await db.events.record([{ customerId: event.customerId, productCode: event.productId, type: event.type, occurredAt: event.occurredAt }]);
    await this.deps.cache.invalidateNamespace(userNamespace(event.customerId));
  }

  private async rankForCustomer(userId: string, args: RecommendArgs, model: ActiveModel | undefined): Promise<RecommendationList> {
    const catalog = await this.catalog();
    if (!model) {
      return { userId, strategy: 'popular', modelVersion: null, items: await this.popularFromDatabase(catalog, args) };
    }
    const db = await this.deps.database.get();
    // Events are not in the trained model: they re-rank on top of it until the next training.
    const events = await db.events.listForCustomer(userId, { limit: 100, types: LIVE_EVENT_TYPES });
    const recentEvents: LiveEvent[] = events.map((e) => ({ productId: e.productCode, kind: e.type as LiveEvent['kind'], time: e.occurredAt }));
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
    const catalog = await this.catalog();
    if (!catalog.get(productId)) throw new UnknownProductError(productId);
    if (!catalog.recommendable(productId)) return [];
    const model = await this.current();
    const n = clampK(k);
    return this.deps.cache.namespace(`recs:product:${encodeURIComponent(productId)}`).getOrLoad(
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
        return catalog.present(rows.map((r) => ({ productId: r.productCode, score: r.orders, reason }))).slice(0, n);
      },
      { ttlMs: this.cacheTtlMs },
    );
  }

  /**
   * Orders per product from the database: the answer before any model is trained. The
   * aggregate scans every order line, so one list per window and country is cached for
   * everyone and filtered per call.
   */
  private async popularFromDatabase(catalog: ProductCatalog, args: RecommendArgs & PopularArgs): Promise<ScoredProduct[]> {
    const excluded = new Set(args.excludeProductIds ?? []);
    const since = args.sinceDays === undefined ? undefined : new Date(Math.floor((Date.now() - args.sinceDays * DAY_MS) / DAY_MS) * DAY_MS);
    const limit = MAX_K * 3 + excluded.size;
    const rows = await this.deps.cache.namespace('recs:popular').getOrLoad(
      cacheKey('database', { country: args.country, since: since?.toISOString(), limit }),
      async () => (await this.deps.database.get()).orders.popularProducts({ limit, country: args.country, since }),
      { ttlMs: this.cacheTtlMs },
    );
    const items: ModelItem[] = [];
    for (const r of rows) {
      const p = catalog.get(r.productCode);
      if (!p || excluded.has(r.productCode)) continue;
      if (args.minPrice !== undefined && !(p.latestUnitPrice >= args.minPrice)) continue;
      if (args.maxPrice !== undefined && !(p.latestUnitPrice <= args.maxPrice)) continue;
      items.push({ productId: r.productCode, score: r.orders, reason: 'popular' });
    }
    return catalog.present(items).slice(0, args.k);
  }

  /** The model in use, re-checking the registry at most every `refreshMs` (in the background after the first time). */
  private async current(): Promise<ActiveModel | undefined> {
    if (this.lastCheck === 0) await this.refresh();
    else if (Date.now() - this.lastCheck >= this.refreshMs) {
      this.refresh().catch((err: unknown) => this.logger.warn({ err }, 'recommender model refresh failed'));
    }
    return this.model;
  }

  private refresh(): Promise<void> {
    this.checking ??= (async () => {
      try {
        const db = await this.deps.database.get();
        const active = await db.modelVersions.getActive(this.modelName);
        if (active && active.version !== this.model?.version) await this.loadVersion(active);
      } catch (err) {
        this.logger.error({ err, modelName: this.modelName }, 'could not load the active recommender model; serving what is loaded');
      } finally {
        this.lastCheck = Date.now();
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  private async loadVersion(row: ModelVersion): Promise<void> {
    const started = performance.now();
    const stored = await loadModel(this.deps.objectStore, row.objectKey);
    const result = await this.deps.executor.run(this.tasks.load, withTransfer(stored, [stored.weights]));
    this.backend = result.backend;
    this.catalogLoad = undefined; // products change with imports: re-read them with each model
    await this.use(row.name, row.version, result.state, result.metadata);
    this.logger.info({ name: row.name, version: row.version, ms: Math.round(performance.now() - started), backend: result.backend }, 'recommender model loaded');
  }

  private async use(name: string, version: string, state: RecommenderState, metadata: ModelMetadata): Promise<void> {
    const catalog = await this.catalog();
    this.model = { name, version, metadata, recommender: new Recommender(state, catalog.productInfos()), loadedAt: new Date() };
    this.lastCheck = Date.now();
  }

  private catalog(): Promise<ProductCatalog> {
    this.catalogLoad ??= (async () => {
      return loadCatalog(await this.deps.database.get());
    })().catch((err: unknown) => {
      this.catalogLoad = undefined;
      throw err;
    });
    return this.catalogLoad;
  }
}

function clampK(k: number): number {
  return Math.max(1, Math.min(MAX_K, Math.floor(k)));
}

function userNamespace(userId: string): string {
  return `recs:user:${encodeURIComponent(userId)}`;
}

/** One key for `recommend` and `cachedRecommendations`: the same arguments always meet the same entry. */
function recommendationKey(version: string | undefined, args: RecommendArgs): string {
  return cacheKey(version, { ...args, k: clampK(args.k), excludeProductIds: [...(args.excludeProductIds ?? [])].sort() });
}

/** Model version + arguments, hashed: a new version never answers from an old one's cache. */
function cacheKey(version: string | undefined, args: object): string {
  // One-shot hash: a Hash object per lookup cost more than the rest of a cache hit.
  const digest = hash('sha1', JSON.stringify(args), 'base64url').slice(0, 22);
  return `${version ?? 'none'}|${digest}`;
}
