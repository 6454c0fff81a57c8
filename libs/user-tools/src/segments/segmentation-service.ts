import { performance } from 'node:perf_hooks';
import type { SegmentName } from '@reco/base-tools';
import type { DatabaseHandle, NewCustomerSegment } from '@reco/data';
import { withTransfer, type AsyncExecutor, type TaskRef, type WithTransfer } from '@reco/executor';
import { describeClusters } from './cluster-description';
import { allAggregatesAtOnce, type AggregatePages } from './aggregate-pages';
import { CustomerColumns } from './customer-columns';
import { buildFeatures } from './customer-features';
import type { KMeansInput } from './kmeans';
import type { KMeansTaskResult } from './kmeans.task';
import { scoreColumns, SEGMENT_RULES, type RfmScores } from './rfm-segmenter';
import { summariseSegments, type ClusterInfo } from './segment-summary';
import type { SegmentStore, StoredRun } from './segment-store';

export const KMEANS_TASK = 'kmeans-segments';

export interface SegmentationOptions {
  database: DatabaseHandle;
  executor: AsyncExecutor;
  store: SegmentStore;
  /** k of k-means. */
  clusters: number;
  /** Seed of the k-means++ starts: the same data gives the same clusters. */
  seed: number;
  /** Deadline of the k-means task in the worker pool. */
  taskTimeoutMs?: number;
  /** How customers' purchase totals are read, in customer-id order; default allAggregatesAtOnce. */
  aggregatePages?: AggregatePages;
  logger?: { info(obj: object, msg?: string): void };
}

export interface SegmentationReport {
  runId: number | null;
  customers: number;
  /** Customers with at least one purchase (the ones scored by quantile and clustered). */
  buyers: number;
  referenceDate: string | null;
  seconds: number;
  timings: { aggregateMs: number; clusterMs: number; storeMs: number };
  tensorflowBackend: string | null;
  segments: Partial<Record<SegmentName, number>>;
  clusters: { id: number; label: string; customers: number }[];
}

/**
 * Computes RFM segments and behavioural clusters for every customer and stores them. Call
 * `recompute()` after each import or training run; concurrent calls share one run.
 */
export class SegmentationService {
  private readonly task: TaskRef<KMeansInput | WithTransfer<KMeansInput>, KMeansTaskResult>;
  private running: Promise<SegmentationReport> | undefined;

  constructor(private readonly options: SegmentationOptions) {
    // Registered at construction, i.e. while the container is built: before the pool's first run.
    this.task = options.executor.registerTask<KMeansInput | WithTransfer<KMeansInput>, KMeansTaskResult>(
      KMEANS_TASK,
      require.resolve('./kmeans.task'),
    );
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
    const started = performance.now();
    const db = await this.options.database.get();
    const referenceDate = await db.orders.latestPurchaseAt();
    const readPages = this.options.aggregatePages ?? allAggregatesAtOnce;
    const customers = referenceDate ? await CustomerColumns.read(readPages(db), referenceDate) : undefined;
    const aggregated = performance.now();
    if (!referenceDate || !customers || customers.count === 0) {
      return { runId: null, customers: 0, buyers: 0, referenceDate: null, seconds: 0, timings: { aggregateMs: aggregated - started, clusterMs: 0, storeMs: 0 }, tensorflowBackend: null, segments: {}, clusters: [] };
    }

    const scores = scoreColumns(customers);
    const features = buildFeatures(customers);
    const kmeans = await this.options.executor.run(
      this.task,
      withTransfer({ values: features.values, rows: features.customers.length, columns: features.columns, k: this.options.clusters, seed: this.options.seed }, [features.values]),
      { timeoutMs: this.options.taskTimeoutMs ?? 120_000 },
    );
    const clustered = performance.now();

    const { clusters, clusterOf } = describeClusters(kmeans, features, customers);
    const computedAt = new Date();
    const summary = summariseSegments(customers, scores, clusterOf, clusters, { computedAt, referenceDate });
    const rows = segmentRows(customers, scores, clusterOf, clusters);
    const seconds = (performance.now() - started) / 1000;
    const runId = await this.options.store.save({ computedAt, referenceDate, seconds, summary }, rows);
    const stored = performance.now();

    const report: SegmentationReport = {
      runId,
      customers: customers.count,
      buyers: features.customers.length,
      referenceDate: referenceDate.toISOString(),
      seconds: Math.round((stored - started) / 10) / 100,
      timings: { aggregateMs: Math.round(aggregated - started), clusterMs: Math.round(clustered - aggregated), storeMs: Math.round(stored - clustered) },
      tensorflowBackend: kmeans.backend,
      segments: Object.fromEntries(summary.segments.map((s) => [s.segment, s.customers])),
      clusters: summary.clusters.map((c) => ({ id: c.id, label: c.label, customers: c.customers })),
    };
    this.options.logger?.info({ ...report }, 'customer segments recomputed');
    return report;
  }
}

/** The rows to store, one per customer, in customer order. */
function segmentRows(customers: CustomerColumns, scores: RfmScores, clusterOf: Int16Array, clusters: readonly ClusterInfo[]): NewCustomerSegment[] {
  return customers.ids.map((customerId, i) => {
    const cluster = clusterOf[i] >= 0 ? clusters[clusterOf[i]] : undefined;
    return {
      customerId,
      segment: SEGMENT_RULES[scores.segment[i]].segment,
      r: scores.r[i],
      f: scores.f[i],
      m: scores.m[i],
      recencyDays: customers.recencyDays[i],
      frequency: customers.frequency[i],
      monetary: customers.monetary[i],
      averageBasket: customers.averageBasket[i],
      clusterId: cluster?.id ?? null,
      clusterLabel: cluster?.label ?? null,
    };
  });
}
