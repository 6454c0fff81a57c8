import { ndcgAtK, recallAtK } from '@reco/recommendation-tools/model';
import type { SplitContext } from './split-context';

/** Scores for all items for one customer; higher is better. */
export type Scorer = (customerId: string) => Float32Array;

/** [Recall@k, NDCG@k] averaged over the split's cases, "all" and "new" (own products excluded). */
export interface ScorerResult {
  all: [number, number];
  new: [number, number];
}

export function evaluateScorer(ctx: SplitContext, scorer: Scorer, k = 20): ScorerResult {
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
      const top = topK(cand, s, k).map((j) => ids[j]);
      r += recallAtK(top, c.truth, k);
      nd += ndcgAtK(top, c.truth, k);
    }
    out[mode] = [r / cases.length, nd / cases.length];
  }
  return out;
}

// Partial selection into a small sorted buffer; ties go to the lower index.
function topK(cand: number[], s: Float32Array, k: number): number[] {
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

/** One result line; DIGITS sets the decimals of the first figure. */
export function formatResult(name: string, r: ScorerResult): string {
  return `${name.padEnd(44)} all R ${r.all[0].toFixed(Number(process.env['DIGITS'] ?? 4))} N ${r.all[1].toFixed(4)} | new R ${r.new[0].toFixed(4)} N ${r.new[1].toFixed(4)}`;
}
