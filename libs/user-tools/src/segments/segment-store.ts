import type { AsyncCache } from '@reco/async-cache';
import { SegmentNameSchema, type CustomerSegment, type SegmentSummary } from '@reco/base-tools';
import type { Database, DatabaseHandle, NewCustomerSegment } from '@reco/data';
import { describeSegment } from './rfm-segmenter';
import type { SegmentRunInfo } from './segment-customers';

/** The latest run as served: when, against which reference date, and its summary. */
export interface StoredRun {
  runId: number;
  computedAt: string;
  referenceDate: string;
  summary: SegmentSummary;
}

/**
 * Stored segments, read through the cache. Every key lives under the `users:segments`
 * namespace, which a new run invalidates as a whole (on every instance, with Redis).
 */
export class SegmentStore {
  private readonly users: AsyncCache;
  private readonly cache: AsyncCache;

  constructor(
    private readonly database: DatabaseHandle,
    cache: AsyncCache,
    private readonly ttlMs: number,
  ) {
    this.users = cache.namespace('users');
    this.cache = this.users.namespace('segments');
  }

  /** The latest run, or undefined before the first. */
  latestRun(): Promise<StoredRun | undefined> {
    return this.cache.getOrLoad(
      'run',
      async () => {
        const run = await (await this.database.get()).segments.latestRun();
        if (!run) return undefined; // not cached: the first run must be seen at once
        return {
          runId: run.id,
          computedAt: run.computedAt.toISOString(),
          referenceDate: run.referenceDate.toISOString(),
          summary: run.summary as SegmentSummary,
        };
      },
      { ttlMs: this.ttlMs },
    );
  }

  /** A customer's stored segment, or undefined when the latest run did not include them. */
  customerSegment(customerId: string): Promise<CustomerSegment | undefined> {
    return this.cache.getOrLoad(
      `customer:${customerId}`,
      async (): Promise<CustomerSegment | undefined> => {
        const [row, run] = await Promise.all([(await this.database.get()).segments.findByCustomer(customerId), this.latestRun()]);
        if (!row) return undefined;
        const segment = SegmentNameSchema.parse(row.segment);
        return {
          customerId: row.customerId,
          segment,
          description: describeSegment(segment),
          rfm: { recencyDays: row.recencyDays, frequency: row.frequency, monetary: row.monetary, r: row.r, f: row.f, m: row.m },
          cluster: row.clusterId === null ? null : { id: row.clusterId, label: row.clusterLabel ?? `cluster ${row.clusterId}` },
          computedAt: row.computedAt.toISOString(),
          ...(run ? { referenceDate: run.referenceDate } : {}),
        };
      },
      { ttlMs: this.ttlMs },
    );
  }

  /** Replaces every stored segment with a new run's, then drops every cached read of the old one. */
  async save(run: SegmentRunInfo, rows: readonly NewCustomerSegment[]): Promise<number> {
    const runId = await writeSegmentRun(await this.database.get(), run, rows);
    await this.invalidate();
    return runId;
  }

  invalidate(): Promise<void> {
    return this.users.invalidateNamespace('segments');
  }
}

/**
 * Replaces every stored segment with a run's rows (one transaction, multi-row INSERTs in
 * chunks); returns the run id. Callers drop the cached reads after it (SegmentStore.invalidate).
 */
export async function writeSegmentRun(db: Database, run: SegmentRunInfo, rows: readonly NewCustomerSegment[]): Promise<number> {
  const stored = await db.segments.replaceAll({ ...run, customers: rows.length, clusters: run.summary.clusters.length }, rows);
  return stored.id;
}
