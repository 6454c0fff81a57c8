import type { ToolLogger } from '@reco/base-tools';
import type { DatabaseHandle, ModelVersion } from '@reco/data';
import type { ModelMetadata } from '@reco/ml';
import { LRUCache } from 'lru-cache';
import type { ProductInfo } from '../model/recommender-options';
import { Recommender } from '../model/recommender';
import type { RecommenderState } from '../model/recommender-state';
import type { CatalogSnapshot } from './catalog-snapshot';
import type { ActiveModel } from './model-registry';
import { UnknownModelVersionError } from './model-version-errors';

export interface VersionModelsDeps {
  modelName: string;
  database: DatabaseHandle;
  /** Reads a stored version's state: the registry's loading path (object store, decoded in a worker). */
  read(row: ModelVersion): Promise<{ state: RecommenderState; metadata: ModelMetadata }>;
  /** The registry's products snapshot, shared with the active model. */
  catalog(): Promise<CatalogSnapshot>;
  logger: ToolLogger;
}

export interface VersionModelsOptions {
  /** Versions held at once besides the active one (each holds a whole model in memory). Default 2. */
  max?: number;
  /** How long an unknown version, or one that failed to load, is answered from memory before it is looked up again. Default 30 s. */
  retryMs?: number;
}

/**
 * Stored versions other than the active one, loaded on demand (an experiment arm's
 * `modelVersion`): the least recently used is dropped past `max`; concurrent asks for one version
 * share one load; the products snapshot is the registry's, so a hidden product leaves them all.
 */
export class VersionModels {
  private readonly models: LRUCache<string, ActiveModel>;
  private readonly failures: LRUCache<string, Error>;
  private readonly loading = new Map<string, Promise<ActiveModel>>();

  constructor(
    private readonly deps: VersionModelsDeps,
    options: VersionModelsOptions = {},
  ) {
    this.models = new LRUCache({ max: Math.max(1, options.max ?? 2) });
    this.failures = new LRUCache({ max: 100, ttl: Math.max(1, options.retryMs ?? 30_000) });
  }

  /** The version, loaded once; UnknownModelVersionError when the model has no such version. */
  get(version: string): Promise<ActiveModel> {
    const held = this.models.get(version);
    if (held) return Promise.resolve(held);
    const failed = this.failures.get(version);
    if (failed) return Promise.reject(failed);
    let loading = this.loading.get(version);
    if (!loading) {
      loading = this.load(version)
        .then(
          (model) => {
            this.models.set(version, model);
            return model;
          },
          (err: unknown) => {
            const error = err instanceof Error ? err : new Error(String(err));
            this.failures.set(version, error);
            throw error;
          },
        )
        .finally(() => this.loading.delete(version));
      this.loading.set(version, loading);
    }
    return loading;
  }

  /** The version if loaded, without I/O. */
  peek(version: string): ActiveModel | undefined {
    return this.models.get(version);
  }

  /** Drops a version (it became the active one, served from there). */
  delete(version: string): void {
    this.models.delete(version);
  }

  /** What the catalogue now says of these products, for every loaded version. */
  updateProducts(infos: readonly ProductInfo[]): void {
    for (const model of this.models.values()) model.recommender.updateProducts(infos);
  }

  private async load(version: string): Promise<ActiveModel> {
    const { modelName } = this.deps;
    const db = await this.deps.database.get();
    const row = (await db.modelVersions.list(modelName)).find((v) => v.version === version);
    if (!row) throw new UnknownModelVersionError(modelName, version);
    const started = performance.now();
    const { state, metadata } = await this.deps.read(row);
    const catalog = await this.deps.catalog();
    const model: ActiveModel = { name: row.name, version: row.version, metadata, recommender: new Recommender(state, catalog.productInfos()), loadedAt: new Date() };
    this.deps.logger.info({ name: row.name, version: row.version, ms: Math.round(performance.now() - started) }, 'recommender model version loaded (not the active one)');
    return model;
  }
}
