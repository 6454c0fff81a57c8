import type { ToolLogger } from '@reco/base-tools';
import { silentLogger } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { withTransfer, type AsyncExecutor } from '@reco/executor';
import type { ModelMetadata } from '@reco/ml';
import type { ObjectStore } from '@reco/object-store';
import type { TrainingOptions } from '../model/recommender-state';
import type { TrainingLimits } from '../model/training-plan';
import { armPoolRequest, scoreHoldoutLists, type ArmEvaluation } from '../evaluation/arm-evaluation';
import { titleStandInShare } from '../evaluation/list-metrics';
import { loadCatalogSnapshot } from '../registry/catalog-snapshot';
import type { ModelRegistry } from '../registry/model-registry';
import { modelPrefix, newModelVersion, saveModel } from '../storage/model-store';
import { buffersOf } from '../storage/recommender-artifacts';
import { registerRecommenderTasks, type RecommenderTasks } from '../tasks/recommender-tasks';
import type { TrainTaskPayload } from '../tasks/training.task';
import type { EvaluationRow, HoldoutSpec } from './evaluation-report';
import { readPurchaseColumns } from './purchase-reader';

export interface RecommenderTrainerOptions {
  /** Worker timeout of one training run. Default 10 min. */
  trainTimeoutMs?: number;
  /** Hold-out days of the metrics stored with each trained model; 0 skips them. Default 30. */
  holdoutDays?: number;
  trainingOptions?: Partial<TrainingOptions>;
  /** Memory and EASE size bounds of every run (TRAIN_MAX_MEMORY_MB, TRAIN_EASE_MAX_ITEMS). */
  trainingLimits?: TrainingLimits;
}

export interface RecommenderTrainerDeps {
  database: DatabaseHandle;
  objectStore: ObjectStore;
  executor: AsyncExecutor;
  /** Registers and activates what is trained; its model name is the default one. */
  registry: ModelRegistry;
  logger?: ToolLogger;
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

export interface TrainOutcome {
  name: string;
  version: string;
  objectKey: string;
  metrics: Record<string, number>;
  metadata: ModelMetadata;
  evaluation: EvaluationRow[];
  seconds: number;
}

export interface EvaluationOutcome {
  rows: EvaluationRow[];
  backend: string;
  /** What the reader must know to read the figures (e.g. the coverage stand-in). */
  notes: string[];
}

/**
 * Trains the recommender on the database's purchases in a worker (never on the caller's event
 * loop), stores the artifacts, registers the version with its hold-out metrics and activates it
 * through the registry; and evaluates the same protocol without storing anything.
 */
export class RecommenderTrainer {
  private readonly tasks: RecommenderTasks;
  private readonly logger: ToolLogger;

  constructor(
    private readonly deps: RecommenderTrainerDeps,
    private readonly options: RecommenderTrainerOptions = {},
  ) {
    this.logger = deps.logger ?? silentLogger;
    this.tasks = registerRecommenderTasks(deps.executor);
  }

  /** Trains, stores, registers and (by default) activates; a process serving that model serves it at once. */
  async train(args: TrainArgs = {}): Promise<TrainOutcome> {
    const started = performance.now();
    const name = args.modelName ?? this.deps.registry.modelName;
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
          limits: this.options.trainingLimits,
          // Metrics: the same protocol as `evaluate`, on the last `holdoutDays` of the data.
          holdoutLast: holdoutDays > 0 ? { days: holdoutDays, k: 20 } : undefined,
          final: { metadata: { name, version: createdAt.getTime(), trainedAt: createdAt.toISOString() } },
        },
        buffersOf(source),
      ),
      { timeoutMs: this.timeoutMs(), signal: args.signal },
    );
    const { state, artifacts } = result;
    if (!state || !artifacts) throw new Error('training task returned no model');
    this.deps.registry.noteBackend(result.backend);
    const objectKey = modelPrefix(name, version);
    progress(0.9, `storing ${objectKey}`);
    await saveModel(this.deps.objectStore, objectKey, artifacts, { signal: args.signal });
    const metrics = artifacts.metadata.metrics;
    const registered = await db.modelVersions.create({ name, version, metrics, objectKey });
    if (args.activate !== false) await this.deps.registry.activate(name, registered.id, { state, metadata: artifacts.metadata });
    const seconds = (performance.now() - started) / 1000;
    progress(1, `trained ${name} ${version}`);
    this.logger.info({ name, version, objectKey, backend: result.backend, seconds, counts: state.counts }, 'recommender trained');
    return { name, version, objectKey, metrics, metadata: artifacts.metadata, evaluation: result.evaluation, seconds };
  }

  /**
   * Temporal hold-out of the database's purchases: model vs popularity (and an arm's
   * configuration: its ranker, rules and diversity), "all" and "new", with intra-list
   * similarity and category coverage. The worker ranks; rules, diversity and the list metrics
   * need the catalogue and run here. Stores nothing.
   */
  async evaluate(spec: HoldoutSpec & { signal?: AbortSignal; arm?: ArmEvaluation }): Promise<EvaluationOutcome> {
    const source = await this.purchaseSource(undefined, spec.signal);
    const catalog = await loadCatalogSnapshot(await this.deps.database.get());
    const { cutoff, days, k, arm } = spec;
    const lists = { pool: arm ? armPoolRequest(arm, k, catalog) : undefined };
    const result = await this.deps.executor.run(
      this.tasks.train,
      withTransfer({ ...source, options: this.options.trainingOptions, limits: this.options.trainingLimits, holdout: { cutoff, days, k, lists } }, buffersOf(source)),
      { timeoutMs: this.timeoutMs(), signal: spec.signal },
    );
    this.deps.registry.noteBackend(result.backend);
    if (!result.lists) return { rows: result.evaluation, backend: result.backend, notes: [] };
    const rows = scoreHoldoutLists(result.lists, k, catalog, arm);
    const notes: string[] = [];
    const standIn = titleStandInShare(result.lists.flatMap((mode) => mode.plain.model), catalog);
    if (standIn > 0) {
      notes.push(
        `coverage: ${(standIn * 100).toFixed(0)}% of the model's listed products have no category; they count the last word of their title (the product type) instead`,
      );
    }
    return { rows, backend: result.backend, notes };
  }

  private timeoutMs(): number {
    return this.options.trainTimeoutMs ?? 600_000;
  }

  /** SQLite files are read in the worker (synchronous queries would stall this thread); other databases here. */
  private async purchaseSource(until: Date | undefined, signal?: AbortSignal): Promise<Pick<TrainTaskPayload, 'columns' | 'database'>> {
    const db = await this.deps.database.get();
    if (db.provider === 'sqlite' && !db.url.endsWith(':memory:')) return { database: { url: db.url, until: until?.getTime() } };
    return { columns: await readPurchaseColumns(db, { until, signal }) };
  }
}
