import { SEGMENT_NAMES, type SegmentName, type SegmentSummary } from '@reco/base-tools';
import type { ClusterAverages } from './cluster-labels';
import type { CustomerColumns } from './customer-columns';
import { describeSegment, SEGMENT_RULES, type RfmScores } from './rfm-segmenter';

export interface ClusterInfo {
  id: number;
  label: string;
  averages: ClusterAverages;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** One segment's or cluster's members, summed as the customers go by (no list of them kept). */
class Members {
  count = 0;
  spend = 0;
  /** Average baskets of the members with purchases, for the median. */
  readonly baskets: number[] = [];

  add(customers: CustomerColumns, i: number): void {
    this.count++;
    this.spend += customers.monetary[i];
    if (customers.frequency[i] > 0) this.baskets.push(customers.averageBasket[i]);
  }

  figures(customers: number, revenue: number) {
    return {
      customers: this.count,
      share: customers ? round(this.count / customers, 4) : 0,
      revenue: round(this.spend, 2),
      revenueShare: revenue ? round(this.spend / revenue, 4) : 0,
      // Typical basket: the median customer's average order value, buyers only.
      typicalBasket: round(median(this.baskets), 2),
    };
  }
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Sizes, revenue shares (of net spend) and typical baskets of every segment, in SEGMENT_NAMES
 * order, and every cluster; `clusterOf` holds each customer's cluster id, -1 for none.
 */
export function summariseSegments(
  customers: CustomerColumns,
  scores: RfmScores,
  clusterOf: Int16Array,
  clusters: readonly ClusterInfo[],
  meta: { computedAt: Date; referenceDate: Date },
): SegmentSummary {
  const bySegment = new Map<SegmentName, Members>(SEGMENT_NAMES.map((name) => [name, new Members()]));
  const ofRule = SEGMENT_RULES.map((rule) => bySegment.get(rule.segment) as Members);
  const byCluster = clusters.map(() => new Members());
  let revenue = 0;
  for (let i = 0; i < customers.count; i++) {
    revenue += customers.monetary[i];
    ofRule[scores.segment[i]].add(customers, i);
    if (clusterOf[i] >= 0) byCluster[clusterOf[i]].add(customers, i);
  }
  const n = customers.count;
  return {
    computedAt: meta.computedAt.toISOString(),
    referenceDate: meta.referenceDate.toISOString(),
    customers: n,
    segments: SEGMENT_NAMES.map((segment) => ({
      segment,
      description: describeSegment(segment),
      ...(bySegment.get(segment) as Members).figures(n, revenue),
    })),
    clusters: clusters.map((c) => ({ id: c.id, label: c.label, averages: c.averages, ...byCluster[c.id].figures(n, revenue) })),
  };
}
