import { DAY_MS, timeOf, type Interaction } from '../model/interaction';

export type EvaluationMode = 'all' | 'new';

export interface TemporalSplitOptions {
  cutoff: Date | number;
  days: number;
}

/** One customer's evaluation case: what they bought before the cut-off, what to predict. */
export interface EvaluationCase {
  customerId: string;
  /** Products bought before the cut-off (excluded from ranking and truth in "new" mode). */
  history: ReadonlySet<string>;
  truth: ReadonlySet<string>;
}

export interface TemporalSplit<T extends Interaction = Interaction> {
  cutoff: number;
  end: number;
  train: T[];
  test: T[];
}

/**
 * Train strictly before the cut-off; test from the cut-off through the whole calendar day
 * `cutoff + days` (2011-10-09 + 30 days ends with 2011-11-08 included, the protocol's window:
 * it reproduces the reference customer counts, an exclusive end loses the last day).
 */
export function temporalSplit<T extends Interaction>(interactions: readonly T[], options: TemporalSplitOptions): TemporalSplit<T> {
  const cutoff = typeof options.cutoff === 'number' ? options.cutoff : options.cutoff.getTime();
  const end = cutoff + (options.days + 1) * DAY_MS;
  const train: T[] = [];
  const test: T[] = [];
  for (const row of interactions) {
    const t = timeOf(row);
    if (t < cutoff) train.push(row);
    else if (t < end) test.push(row);
  }
  return { cutoff, end, train, test };
}

function productsByCustomer(rows: readonly Interaction[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    if ((row.kind ?? 'purchase') !== 'purchase') continue;
    let set = out.get(row.customerId);
    if (!set) out.set(row.customerId, (set = new Set()));
    set.add(row.productId);
  }
  return out;
}

/**
 * Customers with purchases on both sides of the cut-off. The truth keeps only products sold
 * before the cut-off (nothing can recommend a product it never saw); in "new" mode also only
 * products the customer never bought before. Customers left with no truth drop out. These
 * rules give exactly 1,104 ("all") and 1,026 ("new") customers on the 2011-10-09 split.
 */
export function evaluationCases(split: TemporalSplit, mode: EvaluationMode): EvaluationCase[] {
  const before = productsByCustomer(split.train);
  const after = productsByCustomer(split.test);
  const known = new Set<string>();
  for (const products of before.values()) for (const p of products) known.add(p);
  const cases: EvaluationCase[] = [];
  for (const [customerId, bought] of after) {
    const history = before.get(customerId);
    if (!history) continue;
    const truth = new Set([...bought].filter((p) => known.has(p) && (mode === 'all' || !history.has(p))));
    if (truth.size > 0) cases.push({ customerId, history, truth });
  }
  cases.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return cases;
}
