import { SEGMENT_NAMES, type SegmentSummary } from '@reco/base-tools';
import type { ClusterAverages } from './cluster-labels';
import type { RfmRow } from './rfm-segmenter';
import { describeSegment } from './rfm-segmenter';

export interface SegmentedCustomer extends RfmRow {
  clusterId: number | null;
  clusterLabel: string | null;
}

export interface ClusterInfo {
  id: number;
  label: string;
  averages: ClusterAverages;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function figures(members: readonly SegmentedCustomer[], customers: number, revenue: number) {
  const own = members.reduce((s, m) => s + m.monetary, 0);
  return {
    customers: members.length,
    share: customers ? round(members.length / customers, 4) : 0,
    revenue: round(own, 2),
    revenueShare: revenue ? round(own / revenue, 4) : 0,
    // Typical basket: the median customer's average order value, buyers only.
    typicalBasket: round(median(members.filter((m) => m.frequency > 0).map((m) => m.averageBasket)), 2),
  };
}

/** Sizes, revenue shares (of net spend) and typical baskets of every segment, in SEGMENT_NAMES order, and every cluster. */
export function summariseSegments(
  rows: readonly SegmentedCustomer[],
  clusters: readonly ClusterInfo[],
  meta: { computedAt: Date; referenceDate: Date },
): SegmentSummary {
  const revenue = rows.reduce((s, r) => s + r.monetary, 0);
  return {
    computedAt: meta.computedAt.toISOString(),
    referenceDate: meta.referenceDate.toISOString(),
    customers: rows.length,
    segments: SEGMENT_NAMES.map((segment) => ({
      segment,
      description: describeSegment(segment),
      ...figures(rows.filter((r) => r.segment === segment), rows.length, revenue),
    })),
    clusters: clusters.map((c) => ({
      id: c.id,
      label: c.label,
      averages: c.averages,
      ...figures(rows.filter((r) => r.clusterId === c.id), rows.length, revenue),
    })),
  };
}
