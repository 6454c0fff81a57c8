// Fast exploration harness: trains (or loads from /tmp) one state per split, precomputes
// per-customer component scores once, then evaluates many rankers in memory.
// `npx tsx --conditions=@reco/source tools/bench/src/experiments/explore.ts`
// States train with the library's defaults plus the options given. The figures in the headers
// of experiments older than the quantity-weighted repeat score (explore-returns-quantity.ts) were
// measured without it: pass { quantityExponent: 0 } to buildCtx to reproduce them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { initTensorFlow } from '@reco/ml';
import {
  DAY_MS,
  evaluationCases,
  isMerchandiseCode,
  ndcgAtK,
  recallAtK,
  temporalSplit,
  toPurchaseColumns,
  trainRecommender,
  type EvaluationCase,
  type Interaction,
  type RecommenderState,
  type TrainingOptions,
} from '@reco/recommendation-tools';
import { readOnlineRetail } from './online-retail-csv';

export interface Hist {
  item: number;
  baskets: number;
  times: number[]; // distinct basket instants, ascending
  qty: number;
}
export interface Ctx {
  name: string;
  state: RecommenderState;
  cases: { all: EvaluationCase[]; new: EvaluationCase[] };
  itemOf: Map<string, number>;
  eligible: Uint8Array;
  hist: Map<string, Hist[]>;
  nBaskets: Map<string, number>;
  basketTimes: Map<string, number[]>;
  firstTime: Map<string, number>;
  country: Map<string, string>;
  sales: Interaction[];
  trainedUntil: number;
}

export function loadRows(): Interaction[] {
  const raw = readOnlineRetail();
  return raw
    .filter((r) => r.customerId && !r.invoice.startsWith('C') && r.quantity > 0 && isMerchandiseCode(r.productId))
    .map((r) => ({ customerId: r.customerId, productId: r.productId, quantity: r.quantity, time: r.time, country: r.country }));
}

export function buildCtx(rows: Interaction[], cutoffDay: string, opts: Partial<TrainingOptions> = {}): Ctx {
  const cutoff = Date.parse(cutoffDay + 'T00:00:00Z');
  const split = temporalSplit(rows, { cutoff, days: 30 });
  const key = `/tmp/reco-state-${cutoffDay}-${JSON.stringify(opts).replace(/[^a-z0-9]/gi, '_')}.bin`;
  let state: RecommenderState;
  if (existsSync(key)) state = deserialize(readFileSync(key)) as RecommenderState;
  else {
    const t0 = Date.now();
    state = trainRecommender(toPurchaseColumns(split.train), opts);
    console.error(`trained ${cutoffDay} ${JSON.stringify(opts)} in ${Date.now() - t0} ms`);
    writeFileSync(key, serialize(state));
  }
  const itemOf = new Map(state.productIds.map((p, i) => [p, i]));
  const eligible = new Uint8Array(state.productIds.length).fill(1);
  const per = new Map<string, Map<number, Hist>>();
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
  const hist = new Map<string, Hist[]>();
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
  const firstTime = new Map([...basketTimes].map(([c, s]) => [c, s[0]]));
  return {
    name: cutoffDay,
    state,
    cases: { all: evaluationCases(split, 'all'), new: evaluationCases(split, 'new') },
    itemOf,
    eligible,
    hist,
    nBaskets,
    basketTimes,
    firstTime,
    country,
    sales: split.train,
    trainedUntil: state.trainedUntil,
  };
}

/** Scores for all items for one customer; higher is better. */
export type Scorer = (customerId: string) => Float32Array;

export function evaluateScorer(ctx: Ctx, scorer: Scorer, k = 20): { all: [number, number]; new: [number, number] } {
  const out = { all: [0, 0] as [number, number], new: [0, 0] as [number, number] };
  const ids = ctx.state.productIds;
  const cache = new Map<string, Float32Array>();
  for (const mode of ['all', 'new'] as const) {
    const cases = ctx.cases[mode];
    let r = 0;
    let nd = 0;
    for (const c of cases) {
      let s = cache.get(c.customerId);
      if (!s) cache.set(c.customerId, (s = scorer(c.customerId)));
      const cand: number[] = [];
      for (let j = 0; j < s.length; j++) if (mode === 'all' || !c.history.has(ids[j])) cand.push(j);
      const sc = s;
      const top = topk(cand, sc, k).map((j) => ids[j]);
      r += recallAtK(top, c.truth, k);
      nd += ndcgAtK(top, c.truth, k);
    }
    out[mode] = [r / cases.length, nd / cases.length];
  }
  return out;
}

function topk(cand: number[], s: Float32Array, k: number): number[] {
  // partial selection: keep a small sorted buffer
  const buf: number[] = [];
  for (const j of cand) {
    const v = s[j];
    if (buf.length === k && (v < s[buf[k - 1]] || (v === s[buf[k - 1]] && j > buf[k - 1]))) continue;
    let p = buf.length;
    while (p > 0 && (s[buf[p - 1]] < v || (s[buf[p - 1]] === v && buf[p - 1] > j))) p--;
    buf.splice(p, 0, j);
    if (buf.length > k) buf.pop();
  }
  return buf;
}

export const maxOf = (v: Float32Array) => v.reduce((m, x) => (x > m ? x : m), 0);

export const decay = (ageMs: number, hl: number) => Math.pow(2, -ageMs / (hl * DAY_MS));

export function fmt(name: string, r: { all: [number, number]; new: [number, number] }): string {
  return `${name.padEnd(44)} all R ${r.all[0].toFixed(Number(process.env["DIGITS"] ?? 4))} N ${r.all[1].toFixed(4)} | new R ${r.new[0].toFixed(4)} N ${r.new[1].toFixed(4)}`;
}

export async function init(): Promise<void> {
  await initTensorFlow();
}
