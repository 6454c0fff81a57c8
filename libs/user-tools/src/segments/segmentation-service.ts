import { performance } from 'node:perf_hooks';
import type { SegmentName } from '@reco/base-tools';
import type { CustomerAggregate, DatabaseHandle, NewCustomerSegment } from '@reco/data';
import { withTransfer, type AsyncExecutor, type TaskRef, type WithTransfer } from '@reco/executor';
import { clusterLabel, uniqueLabels, type ClusterAverages } from './cluster-labels';
import { buildFeatures } from './customer-features';
import type { KMeansInput } from './kmeans';
import type { KMeansTaskResult } from './kmeans.task';
import { scoreRfm, type RfmRow } from './rfm-segmenter';
import { summariseSegments, type ClusterInfo, type SegmentedCustomer } from './segment-summary';
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
    const [aggregates, referenceDate] = await Promise.all([db.orders.customerAggregates(), db.orders.latestPurchaseAt()]);
    const aggregated = performance.now();
    if (!referenceDate || aggregates.length === 0) {
      return { runId: null, customers: 0, buyers: 0, referenceDate: null, seconds: 0, timings: { aggregateMs: aggregated - started, clusterMs: 0, storeMs: 0 }, tensorflowBackend: null, segments: {}, clusters: [] };
    }

    const rfm = scoreRfm(aggregates, referenceDate);
    const rfmById = new Map(rfm.rows.map((r) => [r.customerId, r]));
    const features = buildFeatures(aggregates, rfmById);
    const featureRows = features.customerIds.length;
    const columns = features.columns;
    const kmeans = await this.options.executor.run(
      this.task,
      withTransfer({ values: features.values, rows: featureRows, columns, k: this.options.clusters, seed: this.options.seed }, [features.values]),
      { timeoutMs: this.options.taskTimeoutMs ?? 120_000 },
    );
    const clustered = performance.now();

    const { clusters, clusterOf } = describeClusters(kmeans, features.customerIds, aggregates, rfmById);
    const segmented: SegmentedCustomer[] = rfm.rows.map((row) => {
      const cluster = clusterOf.get(row.customerId);
      return { ...row, clusterId: cluster?.id ?? null, clusterLabel: cluster?.label ?? null };
    });
    const computedAt = new Date();
    const summary = summariseSegments(segmented, clusters, { computedAt, referenceDate });
    const rows: NewCustomerSegment[] = segmented.map((s) => ({
      customerId: s.customerId,
      segment: s.segment,
      r: s.r,
      f: s.f,
      m: s.m,
      recencyDays: s.recencyDays,
      frequency: s.frequency,
      monetary: s.monetary,
      averageBasket: s.averageBasket,
      clusterId: s.clusterId,
      clusterLabel: s.clusterLabel,
    }));
    const seconds = (performance.now() - started) / 1000;
    const runId = await this.options.store.save({ computedAt, referenceDate, seconds, summary }, rows);
    const stored = performance.now();

    const report: SegmentationReport = {
      runId,
      customers: rows.length,
      buyers: featureRows,
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

/**
 * Orders clusters by their customers' average net spend (cluster 0 spends most), so ids are
 * stable in meaning across runs, and labels each from its centroid.
 */
function describeClusters(
  kmeans: KMeansTaskResult,
  customerIds: readonly string[],
  aggregates: readonly CustomerAggregate[],
  rfmById: ReadonlyMap<string, RfmRow>,
): { clusters: ClusterInfo[]; clusterOf: Map<string, { id: number; label: string }> } {
  const aggregateById = new Map(aggregates.map((a) => [a.customerId, a]));
  const sums = Array.from({ length: kmeans.k }, () => ({ n: 0, monetary: 0, frequency: 0, recencyDays: 0, basket: 0, distinctProducts: 0, returnRate: 0 }));
  customerIds.forEach((id, i) => {
    const a = aggregateById.get(id) as CustomerAggregate;
    const r = rfmById.get(id) as RfmRow;
    const s = sums[kmeans.assignments[i] as number];
    if (!s) return;
    s.n += 1;
    s.monetary += r.monetary;
    s.frequency += r.frequency;
    s.recencyDays += r.recencyDays;
    s.basket += r.averageBasket;
    s.distinctProducts += a.distinctProducts;
    s.returnRate += a.purchaseValue > 0 ? Math.min(1, a.returnValue / a.purchaseValue) : 0;
  });
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const averages: ClusterAverages[] = sums.map((s) => {
    const n = Math.max(1, s.n);
    return {
      monetary: r2(s.monetary / n),
      frequency: r2(s.frequency / n),
      recencyDays: r2(s.recencyDays / n),
      basket: r2(s.basket / n),
      distinctProducts: r2(s.distinctProducts / n),
      returnRate: Math.round((s.returnRate / n) * 1e4) / 1e4,
    };
  });
  const order = averages.map((_, i) => i).sort((a, b) => (averages[b] as ClusterAverages).monetary - (averages[a] as ClusterAverages).monetary || a - b);
  const columns = kmeans.centroids.length / Math.max(1, kmeans.k);
  const labels = uniqueLabels(order.map((old) => clusterLabel(kmeans.centroids.subarray(old * columns, (old + 1) * columns), averages[old] as ClusterAverages)));
  const clusters = order.map((old, id) => ({ id, label: labels[id] as string, averages: averages[old] as ClusterAverages }));
  const newId = new Map(order.map((old, id) => [old, id]));
  const clusterOf = new Map<string, { id: number; label: string }>();
  customerIds.forEach((customerId, i) => {
    const id = newId.get(kmeans.assignments[i] as number) as number;
    clusterOf.set(customerId, { id, label: labels[id] as string });
  });
  return { clusters, clusterOf };
}
