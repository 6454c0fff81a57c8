import type { SegmentName } from '@reco/base-tools';
import type { CustomerAggregate } from '@reco/data';

const DAY_MS = 86_400_000;

/** One segment of the R/F grid: scores in [min, max], both inclusive. The first matching rule wins. */
export interface SegmentRule {
  segment: SegmentName;
  r: readonly [number, number];
  f: readonly [number, number];
  description: string;
}

/**
 * The standard RFM grid on recency (R) and frequency (F) scores; M is reported, not used, as
 * in the common grid (it follows F closely). Every (R, F) pair matches exactly one rule; the
 * README holds the same table.
 */
export const SEGMENT_RULES: readonly SegmentRule[] = [
  { segment: 'champions', r: [4, 5], f: [4, 5], description: 'Bought recently and often: the best customers' },
  { segment: 'loyal', r: [3, 3], f: [4, 5], description: 'Buy often, though not in the last weeks' },
  { segment: 'new_customers', r: [5, 5], f: [1, 1], description: 'First purchase very recently' },
  { segment: 'promising', r: [4, 4], f: [1, 1], description: 'One recent purchase' },
  { segment: 'potential_loyalists', r: [4, 5], f: [2, 3], description: 'Recent customers with a few orders' },
  { segment: 'need_attention', r: [3, 3], f: [1, 3], description: 'Middling recency and frequency: slipping away' },
  { segment: 'cannot_lose', r: [1, 2], f: [5, 5], description: 'Used to buy very often, not for a long time' },
  { segment: 'at_risk', r: [1, 2], f: [3, 4], description: 'Bought regularly, not for a long time' },
  { segment: 'hibernating', r: [2, 2], f: [1, 2], description: 'Few orders, long ago' },
  { segment: 'lost', r: [1, 1], f: [1, 2], description: 'Few orders, longest ago; or never a purchase (only returns)' },
];

export function segmentFor(r: number, f: number): SegmentRule {
  const rule = SEGMENT_RULES.find((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]);
  if (!rule) throw new Error(`no segment rule for R=${r} F=${f}`);
  return rule;
}

export function describeSegment(segment: SegmentName): string {
  return SEGMENT_RULES.find((s) => s.segment === segment)?.description ?? segment;
}

/** The 20th, 40th, 60th and 80th percentiles (nearest rank): values from the data, so ties stay tied. */
export function quintileCuts(values: readonly number[]): [number, number, number, number] {
  if (values.length === 0) return [0, 0, 0, 0];
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  return [at(0.2), at(0.4), at(0.6), at(0.8)];
}

/** 1..5 for a value where more is better (frequency, monetary): 1 + the cuts it exceeds. */
export function scoreHigherBetter(value: number, cuts: readonly number[]): number {
  return 1 + cuts.filter((c) => value > c).length;
}

/** 1..5 for a value where less is better (recency days): 5 - the cuts it exceeds. */
export function scoreLowerBetter(value: number, cuts: readonly number[]): number {
  return 5 - cuts.filter((c) => value > c).length;
}

export interface RfmRow {
  customerId: string;
  recencyDays: number;
  /** Purchase orders. */
  frequency: number;
  /** Net spend: purchases minus returns. */
  monetary: number;
  /** Gross spend per purchase order (0 without purchases). */
  averageBasket: number;
  r: number;
  f: number;
  m: number;
  segment: SegmentName;
}

export interface RfmResult {
  rows: RfmRow[];
  cuts: { recencyDays: number[]; frequency: number[]; monetary: number[] };
}

/**
 * RFM scores for every customer. Recency counts whole days from `referenceDate` (the latest
 * invoice in the data, not today: the data ends in 2011) to the customer's last purchase.
 * Quintiles are taken over customers with at least one purchase; a customer with none (only
 * returns) scores R=F=M=1, recency from their last invoice of any kind.
 */
export function scoreRfm(aggregates: readonly CustomerAggregate[], referenceDate: Date): RfmResult {
  const days = (at: Date) => Math.max(0, Math.floor((referenceDate.getTime() - at.getTime()) / DAY_MS));
  const base = aggregates.map((a) => ({
    customerId: a.customerId,
    buyer: a.orders > 0 && a.lastPurchaseAt !== null,
    recencyDays: days(a.lastPurchaseAt ?? a.lastOrderAt),
    frequency: a.orders,
    monetary: Math.round((a.purchaseValue - a.returnValue) * 100) / 100,
    averageBasket: a.orders > 0 ? Math.round((a.purchaseValue / a.orders) * 100) / 100 : 0,
  }));
  const buyers = base.filter((b) => b.buyer);
  const cuts = {
    recencyDays: quintileCuts(buyers.map((b) => b.recencyDays)),
    frequency: quintileCuts(buyers.map((b) => b.frequency)),
    monetary: quintileCuts(buyers.map((b) => b.monetary)),
  };
  const rows = base.map(({ buyer, ...row }): RfmRow => {
    const r = buyer ? scoreLowerBetter(row.recencyDays, cuts.recencyDays) : 1;
    const f = buyer ? scoreHigherBetter(row.frequency, cuts.frequency) : 1;
    const m = buyer ? scoreHigherBetter(row.monetary, cuts.monetary) : 1;
    return { ...row, r, f, m, segment: segmentFor(r, f).segment };
  });
  return { rows, cuts };
}
