import type { SegmentName } from '@reco/base-tools';
import type { CustomerAggregate } from '@reco/data';
import { CustomerColumns } from './customer-columns';


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
export function quintileCuts(values: ArrayLike<number>): [number, number, number, number] {
  if (values.length === 0) return [0, 0, 0, 0];
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  return [at(0.2), at(0.4), at(0.6), at(0.8)];
}

/** How many cuts `value` exceeds. */
function exceeded(value: number, cuts: readonly number[]): number {
  let n = 0;
  for (const c of cuts) if (value > c) n++;
  return n;
}

/** 1..5 for a value where more is better (frequency, monetary): 1 + the cuts it exceeds. */
export function scoreHigherBetter(value: number, cuts: readonly number[]): number {
  return 1 + exceeded(value, cuts);
}

/** 1..5 for a value where less is better (recency days): 5 - the cuts it exceeds. */
export function scoreLowerBetter(value: number, cuts: readonly number[]): number {
  return 5 - exceeded(value, cuts);
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

/** Scores and segment of every customer of a CustomerColumns, by position. */
export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Index into SEGMENT_RULES. */
  segment: Uint8Array;
  cuts: RfmResult['cuts'];
}

/** SEGMENT_RULES index of each (R, F), at [(r - 1) * 5 + f - 1]. */
const RULE_OF = Uint8Array.from({ length: 25 }, (_, i) => SEGMENT_RULES.indexOf(segmentFor(Math.floor(i / 5) + 1, (i % 5) + 1)));

/**
 * RFM scores for every customer. Recency counts whole days from the reference date (the latest
 * invoice in the data, not today: the data may end years ago) to the customer's last purchase.
 * Quintiles are taken over customers with at least one purchase; a customer with none (only
 * returns) scores R=F=M=1, recency from their last invoice of any kind.
 */
export function scoreColumns(columns: CustomerColumns): RfmScores {
  const n = columns.count;
  let buyers = 0;
  for (let i = 0; i < n; i++) buyers += columns.buyer[i];
  const of = (values: ArrayLike<number>) => {
    const out = new Float64Array(buyers);
    for (let i = 0, at = 0; i < n; i++) if (columns.buyer[i]) out[at++] = values[i];
    return quintileCuts(out);
  };
  const cuts = { recencyDays: of(columns.recencyDays), frequency: of(columns.frequency), monetary: of(columns.monetary) };
  const scores: RfmScores = { r: new Uint8Array(n), f: new Uint8Array(n), m: new Uint8Array(n), segment: new Uint8Array(n), cuts };
  for (let i = 0; i < n; i++) {
    const buyer = columns.buyer[i] === 1;
    const r = buyer ? scoreLowerBetter(columns.recencyDays[i], cuts.recencyDays) : 1;
    const f = buyer ? scoreHigherBetter(columns.frequency[i], cuts.frequency) : 1;
    scores.r[i] = r;
    scores.f[i] = f;
    scores.m[i] = buyer ? scoreHigherBetter(columns.monetary[i], cuts.monetary) : 1;
    scores.segment[i] = RULE_OF[(r - 1) * 5 + f - 1];
  }
  return scores;
}

/** scoreColumns for a list of aggregates, as one row each. */
export function scoreRfm(aggregates: readonly CustomerAggregate[], referenceDate: Date): RfmResult {
  const columns = CustomerColumns.of(aggregates, referenceDate);
  const scores = scoreColumns(columns);
  const rows = columns.ids.map((_, i) => rfmRowAt(columns, scores, i));
  return { rows, cuts: scores.cuts };
}

/** Customer `i` of the columns with its scores, as one row. */
export function rfmRowAt(columns: CustomerColumns, scores: RfmScores, i: number): RfmRow {
  return {
    customerId: columns.ids[i],
    recencyDays: columns.recencyDays[i],
    frequency: columns.frequency[i],
    monetary: columns.monetary[i],
    averageBasket: columns.averageBasket[i],
    r: scores.r[i],
    f: scores.f[i],
    m: scores.m[i],
    segment: SEGMENT_RULES[scores.segment[i]].segment,
  };
}
