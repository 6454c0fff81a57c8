import { ndcgAtK, recallAtK } from './ranking-metrics';
import type { EvaluationCase, EvaluationMode } from './temporal-split';

/** Ranks products for one customer; `exclude` must not appear in the answer. */
export type Ranker = (customerId: string, k: number, exclude: ReadonlySet<string>) => readonly string[];

export interface EvaluationResult {
  mode: EvaluationMode;
  k: number;
  customers: number;
  recall: number;
  ndcg: number;
}

export function evaluateRanker(rank: Ranker, cases: readonly EvaluationCase[], mode: EvaluationMode, k: number): EvaluationResult {
  const none = new Set<string>();
  let recall = 0;
  let ndcg = 0;
  for (const c of cases) {
    const ranked = rank(c.customerId, k, mode === 'new' ? c.history : none);
    recall += recallAtK(ranked, c.truth, k);
    ndcg += ndcgAtK(ranked, c.truth, k);
  }
  const n = Math.max(1, cases.length);
  return { mode, k, customers: cases.length, recall: recall / n, ndcg: ndcg / n };
}
