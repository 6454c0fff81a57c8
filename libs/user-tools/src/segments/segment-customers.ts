import { performance } from 'node:perf_hooks';
import type { SegmentName, SegmentSummary } from '@reco/base-tools';
import type { Database, NewCustomerSegment } from '@reco/data';
import type { AggregatePages } from './aggregate-pages';
import { describeClusters } from './cluster-description';
import { CustomerColumns } from './customer-columns';
import { buildFeatures } from './customer-features';
import type { KMeansInput } from './kmeans';
import type { KMeansTaskResult } from './kmeans.task';
import { rfmRowAt, scoreColumns, type RfmScores } from './rfm-segmenter';
import { summariseSegments, type ClusterInfo } from './segment-summary';

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

/** What a run stores besides its rows. */
export interface SegmentRunInfo {
  computedAt: Date;
  referenceDate: Date;
  seconds: number;
  summary: SegmentSummary;
}

/** The steps that differ between the caller's thread and a worker: how k-means runs, how the run is stored. */
export interface SegmentationSteps {
  cluster(input: KMeansInput): Promise<KMeansTaskResult>;
  /** Stores the run and its rows (replacing the previous run's); returns the run id. */
  save(run: SegmentRunInfo, rows: readonly NewCustomerSegment[]): Promise<number>;
}

export interface SegmentationParams {
  /** k of k-means. */
  clusters: number;
  seed: number;
  /** When the run started, epoch ms (performance.timeOrigin + now): the same clock on every thread. */
  startedAt: number;
}

/** Epoch ms with sub-ms precision, comparable across worker threads. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * One segmentation, read to stored: RFM scores and k-means clusters of every customer in
 * `db`. The same code runs on the caller's thread and, for a SQLite file, in a worker (see
 * SegmentationService), so both give the same rows.
 */
export async function segmentCustomers(db: Database, pages: AggregatePages, steps: SegmentationSteps, params: SegmentationParams): Promise<SegmentationReport> {
  const { startedAt } = params;
  const referenceDate = await db.orders.latestPurchaseAt();
  const customers = referenceDate ? await CustomerColumns.read(pages(db), referenceDate) : undefined;
  const aggregated = epochNow();
  if (!referenceDate || !customers || customers.count === 0) {
    return { runId: null, customers: 0, buyers: 0, referenceDate: null, seconds: 0, timings: { aggregateMs: Math.round(aggregated - startedAt), clusterMs: 0, storeMs: 0 }, tensorflowBackend: null, segments: {}, clusters: [] };
  }

  const scores = scoreColumns(customers);
  const features = buildFeatures(customers);
  const kmeans = await steps.cluster({ values: features.values, rows: features.customers.length, columns: features.columns, k: params.clusters, seed: params.seed });
  const clustered = epochNow();

  const { clusters, clusterOf } = describeClusters(kmeans, features, customers);
  const computedAt = new Date();
  const summary = summariseSegments(customers, scores, clusterOf, clusters, { computedAt, referenceDate });
  const rows = segmentRows(customers, scores, clusterOf, clusters);
  const seconds = (epochNow() - startedAt) / 1000;
  const runId = await steps.save({ computedAt, referenceDate, seconds, summary }, rows);
  const stored = epochNow();

  return {
    runId,
    customers: customers.count,
    buyers: features.customers.length,
    referenceDate: referenceDate.toISOString(),
    seconds: Math.round((stored - startedAt) / 10) / 100,
    timings: { aggregateMs: Math.round(aggregated - startedAt), clusterMs: Math.round(clustered - aggregated), storeMs: Math.round(stored - clustered) },
    tensorflowBackend: kmeans.backend,
    segments: Object.fromEntries(summary.segments.map((s) => [s.segment, s.customers])),
    clusters: summary.clusters.map((c) => ({ id: c.id, label: c.label, customers: c.customers })),
  };
}

/** The rows to store, one per customer, in customer order. */
function segmentRows(customers: CustomerColumns, scores: RfmScores, clusterOf: Int16Array, clusters: readonly ClusterInfo[]): NewCustomerSegment[] {
  return customers.ids.map((_, i) => {
    const cluster = clusterOf[i] >= 0 ? clusters[clusterOf[i]] : undefined;
    return {
      ...rfmRowAt(customers, scores, i),
      clusterId: cluster?.id ?? null,
      clusterLabel: cluster?.label ?? null,
    };
  });
}
