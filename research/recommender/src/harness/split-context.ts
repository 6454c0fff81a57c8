// One evaluation split in memory: the state trained on the purchases before the cut-off (cached
// in /tmp, so many rankers can be compared without retraining), the evaluation cases of the 30
// days after it, and per-customer purchase histories the experiments score from.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import {
  evaluationCases,
  fitRecommender,
  temporalSplit,
  toPurchaseColumns,
  type EvaluationCase,
  type Interaction,
  type RecommenderState,
  type TrainingOptions,
} from '@reco/recommendation-tools/model';

/** One customer's purchases of one product in the training window. */
export interface ProductHistory {
  /** Index in the state's productIds. */
  item: number;
  /** Distinct baskets holding the product. */
  baskets: number;
  /** Distinct basket instants, ascending. */
  times: number[];
  qty: number;
}

export interface SplitContext {
  /** The cut-off day, YYYY-MM-DD. */
  name: string;
  state: RecommenderState;
  cases: { all: EvaluationCase[]; new: EvaluationCase[] };
  itemOf: Map<string, number>;
  /** Customer id -> row of the state's histories. */
  rowOf: Map<string, number>;
  hist: Map<string, ProductHistory[]>;
  nBaskets: Map<string, number>;
  /** Per customer: distinct basket instants, ascending. */
  basketTimes: Map<string, number[]>;
  country: Map<string, string>;
  /** The training purchases. */
  sales: Interaction[];
  trainedUntil: number;
}

/** The cut-off days to run: SPLITS (comma-separated) or `defaults`. */
export function splitDays(defaults = '2011-10-09,2011-09-09'): string[] {
  return (process.env['SPLITS'] ?? defaults).split(',');
}

/**
 * Trains with the library's defaults plus `opts` on the purchases before `cutoffDay`, or loads
 * that state from /tmp. The figures in the headers of experiments older than the
 * quantity-weighted repeat score (explore-returns-quantity.ts) were measured without it: pass
 * { quantityExponent: 0 } to reproduce them.
 */
export function buildSplitContext(rows: Interaction[], cutoffDay: string, opts: Partial<TrainingOptions> = {}): SplitContext {
  const cutoff = Date.parse(cutoffDay + 'T00:00:00Z');
  const split = temporalSplit(rows, { cutoff, days: 30 });
  const key = `/tmp/reco-state-${cutoffDay}-${JSON.stringify(opts).replace(/[^a-z0-9]/gi, '_')}.bin`;
  let state: RecommenderState;
  if (existsSync(key)) state = deserialize(readFileSync(key)) as RecommenderState;
  else {
    const t0 = Date.now();
    state = fitRecommender(toPurchaseColumns(split.train), opts);
    console.error(`trained ${cutoffDay} ${JSON.stringify(opts)} in ${Date.now() - t0} ms`);
    writeFileSync(key, serialize(state));
  }
  const itemOf = new Map(state.productIds.map((p, i) => [p, i]));
  const per = new Map<string, Map<number, ProductHistory>>();
  const bt = new Map<string, Set<number>>();
  const country = new Map<string, string>();
  for (const r of split.train) {
    const t = r.time as number;
    const i = itemOf.get(r.productId)!;
    let m = per.get(r.customerId);
    if (!m) per.set(r.customerId, (m = new Map()));
    let h = m.get(i);
    if (!h) m.set(i, (h = { item: i, baskets: 0, times: [], qty: 0 }));
    if (!h.times.includes(t)) h.times.push(t);
    h.qty += r.quantity;
    let s = bt.get(r.customerId);
    if (!s) bt.set(r.customerId, (s = new Set()));
    s.add(t);
    if (r.country) country.set(r.customerId, r.country);
  }
  const hist = new Map<string, ProductHistory[]>();
  for (const [c, m] of per) {
    const list = [...m.values()];
    for (const h of list) {
      h.times.sort((a, b) => a - b);
      h.baskets = h.times.length;
    }
    hist.set(c, list);
  }
  const nBaskets = new Map([...bt].map(([c, s]) => [c, s.size]));
  const basketTimes = new Map([...bt].map(([c, s]) => [c, [...s].sort((a, b) => a - b)]));
  return {
    name: cutoffDay,
    state,
    cases: { all: evaluationCases(split, 'all'), new: evaluationCases(split, 'new') },
    itemOf,
    rowOf: new Map(state.histories.customerIds.map((c, r) => [c, r])),
    hist,
    nBaskets,
    basketTimes,
    country,
    sales: split.train,
    trainedUntil: state.trainedUntil,
  };
}
