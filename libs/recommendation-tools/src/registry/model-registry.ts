import type { ToolLogger } from '@reco/base-tools';
import { silentLogger } from '@reco/base-tools';
import type { DatabaseHandle, ModelVersion } from '@reco/data';
import { withTransfer, type AsyncExecutor } from '@reco/executor';
import type { ModelMetadata } from '@reco/ml';
import type { ObjectStore } from '@reco/object-store';
import { Recommender } from '../model/recommender';
import type { RecommenderState } from '../model/recommender-state';
import { productInfo, type CatalogSnapshot } from './catalog-snapshot';
import { LiveCatalog } from './live-catalog';
import { loadModel } from '../storage/model-store';
import type { LoadTaskResult } from '../tasks/loading.task';
import { registerRecommenderTasks, type RecommenderTasks } from '../tasks/recommender-tasks';
import { UnknownModelVersionError } from './model-version-errors';
import { VersionModels } from './version-models';

export { UnknownModelVersionError };

export interface ModelRegistryOptions {
  /** Model name in the registry and the object store. Default `recommender`. */
  modelName?: string;
  /** How often the active version is re-checked (another process may have trained). Default 30 s. */
  refreshMs?: number;
  /**
   * Least time between two reads of the products changed since the snapshot (other instances'
   * catalogue writes) while serving; 0: only this instance's writes (`productsChanged`). Default 1 s.
   */
  catalogRefreshMs?: number;
  /**
   * Stored versions other than the active one held in memory at once (experiment arms name
   * them, see `version`); the least recently used is dropped past it. Default 2.
   */
  versionModels?: number;
}

export interface ModelRegistryDeps {
  database: DatabaseHandle;
  objectStore: ObjectStore;
  executor: AsyncExecutor;
  logger?: ToolLogger;
  /** Told after a version was made active here, so other instances can load it now (not at their next poll). */
  onActivated?: (name: string, version: string) => void;
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

/** The version this process serves, ready to score. */
export interface ActiveModel {
  name: string;
  version: string;
  recommender: Recommender;
  metadata: ModelMetadata;
  loadedAt: Date;
}

/** A model this process just trained: served as is, without reading it back from the store. */
export interface TrainedModel {
  state: RecommenderState;
  metadata: ModelMetadata;
}

/**
 * Which model version is active and which one this process serves: loads the active version
 * (decoding its weights in a worker), re-checks the database every `refreshMs` so a version
 * trained or activated by another process is picked up, and keeps the products snapshot that
 * goes with the loaded model.
 */
export class ModelRegistry {
  readonly modelName: string;
  private readonly tasks: RecommenderTasks;
  private readonly logger: ToolLogger;
  private readonly refreshMs: number;
  private model: ActiveModel | undefined;
  private readonly live: LiveCatalog;
  private readonly versions: VersionModels;
  private lastCheck = 0;
  private checking: Promise<void> | undefined;
  private backend: string | undefined;
  private starting: Promise<ModelStatus> | undefined;

  constructor(
    private readonly deps: ModelRegistryDeps,
    options: ModelRegistryOptions = {},
  ) {
    this.modelName = options.modelName ?? 'recommender';
    this.refreshMs = options.refreshMs ?? 30_000;
    this.logger = deps.logger ?? silentLogger;
    this.tasks = registerRecommenderTasks(deps.executor);
    this.live = new LiveCatalog(deps.database, {
      refreshMs: options.catalogRefreshMs ?? 1_000,
      logger: this.logger,
      onChange: (products, removedIds) => {
        const infos = [...products.map(productInfo), ...removedIds.map((productId) => ({ productId, recommendable: false }))];
        this.model?.recommender.updateProducts(infos);
        this.versions.updateProducts(infos);
      },
    });
    this.versions = new VersionModels(
      { modelName: this.modelName, database: deps.database, read: (row) => this.readStored(row), catalog: () => this.catalog(), logger: this.logger },
      { max: options.versionModels, retryMs: this.refreshMs },
    );
  }

  /** Once: logs the workers' TensorFlow.js backend and loads the active model, if any. */
  start(): Promise<ModelStatus> {
    this.starting ??= (async () => {
      const { backend } = await this.deps.executor.run(this.tasks.probe, {});
      this.backend = backend;
      await this.check();
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

  /** What a worker task reported running on (training runs in the same pool). */
  noteBackend(backend: string): void {
    this.backend = backend;
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

  /** Re-reads the active version now and loads it if it changed (hot reload). */
  async refresh(): Promise<ModelStatus> {
    await this.check();
    return this.status();
  }

  /** Versions of a model (default: the served one), newest first. */
  async listVersions(name: string = this.modelName): Promise<ModelVersion[]> {
    return (await this.deps.database.get()).modelVersions.list(name);
  }

  /**
   * Makes version `versionId` of `name` the active one in the database and, when it is the model
   * this process serves, serves it (`trained`: the state the caller already holds, else loaded
   * from the store). A load that fails is logged and retried at the next refresh, as any load.
   */
  async activate(name: string, versionId: number, trained?: TrainedModel): Promise<ModelVersion> {
    const db = await this.deps.database.get();
    const row = (await db.modelVersions.list(name)).find((v) => v.id === versionId);
    if (!row) throw new UnknownModelVersionError(name, versionId);
    const active = await db.modelVersions.activate(row.name, row.version);
    this.deps.onActivated?.(row.name, row.version);
    if (name !== this.modelName) return active;
    if (trained) {
      await this.use(row.name, row.version, trained.state, trained.metadata);
    } else {
      await this.checking; // a check under way may have read the previous active version
      await this.check();
    }
    return active;
  }

  /** Loads a stored version and serves it. */
  async loadVersion(row: ModelVersion): Promise<void> {
    const started = performance.now();
    const result = await this.readStored(row);
    this.live.reload(); // products change with imports: re-read them all with each model
    await this.use(row.name, row.version, result.state, result.metadata);
    this.logger.info({ name: row.name, version: row.version, ms: Math.round(performance.now() - started), backend: result.backend }, 'recommender model loaded');
  }

  /** The model in use, re-checking the database at most every `refreshMs` (in the background after the first time). */
  async current(): Promise<ActiveModel | undefined> {
    if (this.lastCheck === 0) await this.check();
    else if (this.isCheckDue()) {
      this.check().catch((err: unknown) => this.logger.warn({ err }, 'recommender model refresh failed'));
    }
    return this.model;
  }

  /** The model in use without I/O; see isCheckDue for whether it may be stale. */
  loaded(): ActiveModel | undefined {
    return this.model;
  }

  /**
   * A stored version of the served model, ready to score (an experiment arm's): the active one
   * when it is that version, else loaded as the active one is (and kept, see `versionModels`)
   * over the same products snapshot. UnknownModelVersionError when there is no such version; a
   * version that is unknown or failed to load is asked of the database again after `refreshMs`.
   */
  async version(version: string): Promise<ActiveModel> {
    const active = await this.current();
    if (active?.version === version) return active;
    return this.versions.get(version);
  }

  /** `version` without I/O: the model if that version is loaded (active or not), else undefined. */
  loadedVersion(version: string): ActiveModel | undefined {
    return this.model?.version === version ? this.model : this.versions.peek(version);
  }

  /** True before the first check and once `refreshMs` has passed since the last one. */
  isCheckDue(): boolean {
    return this.lastCheck === 0 || Date.now() - this.lastCheck >= this.refreshMs;
  }

  /** The products snapshot (read with the loaded model, kept current since), refreshed first when due. */
  catalog(): Promise<CatalogSnapshot> {
    return this.live.current();
  }

  /** The products snapshot without I/O, if loaded; see isCatalogRefreshDue for whether it may be stale. */
  loadedCatalog(): CatalogSnapshot | undefined {
    return this.live.peek();
  }

  /** True once `catalogRefreshMs` has passed since the snapshot was last brought up to date. */
  isCatalogRefreshDue(): boolean {
    return this.live.isRefreshDue();
  }

  /**
   * A catalogue write changed, added or hid these products: the snapshot and the served model
   * take them in now, so the next answer shows them (or no longer shows them).
   */
  productsChanged(productIds: readonly string[]): Promise<void> {
    return this.live.productsChanged(productIds);
  }

  private check(): Promise<void> {
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

  /** A stored version's state: read from the object store, its weights decoded in a worker. */
  private async readStored(row: ModelVersion): Promise<LoadTaskResult> {
    const stored = await loadModel(this.deps.objectStore, row.objectKey);
    const result = await this.deps.executor.run(this.tasks.load, withTransfer(stored, Object.values(stored.arrays)));
    this.backend = result.backend;
    return result;
  }

  private async use(name: string, version: string, state: RecommenderState, metadata: ModelMetadata): Promise<void> {
    const catalog = await this.catalog();
    this.model = { name, version, metadata, recommender: new Recommender(state, catalog.productInfos()), loadedAt: new Date() };
    this.lastCheck = Date.now();
    this.versions.delete(version);
    // The snapshot was read again with this model: the other loaded versions take it in too.
    this.versions.updateProducts(catalog.productInfos());
  }
}
