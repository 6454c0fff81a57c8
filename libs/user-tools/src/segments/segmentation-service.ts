import type { Database, DatabaseHandle } from '@reco/data';
import { withTransfer, type AsyncExecutor, type TaskRef, type WithTransfer } from '@reco/executor';
import { allAggregatesAtOnce, type AggregatePages } from './aggregate-pages';
import type { KMeansInput } from './kmeans';
import type { KMeansTaskResult } from './kmeans.task';
import { epochNow, segmentCustomers, type SegmentationReport } from './segment-customers';
import type { SegmentationTaskPayload } from './segmentation.task';
import type { SegmentStore, StoredRun } from './segment-store';

export type { SegmentationReport } from './segment-customers';

export const KMEANS_TASK = 'kmeans-segments';
/** The whole run in a worker, on its own connection: what a SQLite file gets. */
export const SEGMENTATION_TASK = 'segment-customers';

export interface SegmentationOptions {
  database: DatabaseHandle;
  executor: AsyncExecutor;
  store: SegmentStore;
  /** k of k-means. */
  clusters: number;
  /** Seed of the k-means++ starts: the same data gives the same clusters. */
  seed: number;
  /** Deadline of the worker task: k-means, or on a SQLite file the whole read-cluster-write run. */
  taskTimeoutMs?: number;
  /**
   * How customers' purchase totals are read, in customer-id order, on the caller's side. Unset:
   * a SQLite file is read and written in a worker (see SEGMENTATION_TASK), any other database
   * here with allAggregatesAtOnce. Set: read here with it, whatever the database.
   */
  aggregatePages?: AggregatePages;
  logger?: { info(obj: object, msg?: string): void };
}

/**
 * Computes RFM segments and behavioural clusters for every customer and stores them. Call
 * `recompute()` after each import or training run; concurrent calls share one run.
 */
export class SegmentationService {
  private readonly kmeansTask: TaskRef<WithTransfer<KMeansInput>, KMeansTaskResult>;
  private readonly segmentationTask: TaskRef<SegmentationTaskPayload, SegmentationReport>;
  private running: Promise<SegmentationReport> | undefined;

  constructor(private readonly options: SegmentationOptions) {
    // Registered at construction, i.e. while the container is built: before the pool's first run.
    this.kmeansTask = options.executor.registerTask(KMEANS_TASK, require.resolve('./kmeans.task'));
    this.segmentationTask = options.executor.registerTask(SEGMENTATION_TASK, require.resolve('./segmentation.task'));
  }

  get store(): SegmentStore {
    return this.options.store;
  }

  /** Recomputes and stores every customer's segment; joins a run already under way. */
  recompute(): Promise<SegmentationReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Recomputes when nothing is stored yet, or when the data has moved past the stored run
   * (`seenAt`, e.g. a customer's last order, is after its reference date). Otherwise a no-op.
   */
  async ensureCurrent(seenAt?: Date): Promise<StoredRun | undefined> {
    const run = await this.options.store.latestRun();
    if (run && !(seenAt && seenAt.getTime() > Date.parse(run.referenceDate))) return run;
    await this.recompute();
    return this.options.store.latestRun();
  }

  private async run(): Promise<SegmentationReport> {
    const startedAt = epochNow();
    const db = await this.options.database.get();
    const params = { clusters: this.options.clusters, seed: this.options.seed, startedAt };
    const timeoutMs = this.options.taskTimeoutMs ?? 120_000;
    let report: SegmentationReport;
    if (!this.options.aggregatePages && isSqliteFile(db)) {
      // SQLite answers on the calling thread: the worker reads, clusters and writes on its own
      // connection; this thread only drops the cached reads of the old run, as save() does.
      report = await this.options.executor.run(this.segmentationTask, { url: db.url, ...params }, { timeoutMs });
      if (report.runId !== null) await this.options.store.invalidate();
    } else {
      // PostgreSQL (network reads cost the event loop little) or SQLite in memory (one connection).
      report = await segmentCustomers(db, this.options.aggregatePages ?? allAggregatesAtOnce, {
        cluster: (input) => this.options.executor.run(this.kmeansTask, withTransfer(input, [input.values]), { timeoutMs }),
        save: (run, rows) => this.options.store.save(run, rows),
      }, params);
    }
    if (report.runId !== null) {
      report.seconds = Math.round((epochNow() - startedAt) / 10) / 100;
      this.options.logger?.info({ ...report }, 'customer segments recomputed');
    }
    return report;
  }
}

/** A SQLite database in a file, which a worker can open on its own connection. */
function isSqliteFile(db: Database): boolean {
  return db.provider === 'sqlite' && !db.url.endsWith(':memory:');
}
