import type { EvaluationMode } from '../evaluation/temporal-split';

/** Temporal hold-out: train before `cutoff` (ms), truth in the next `days` days, top `k`. */
export interface HoldoutSpec {
  cutoff: number;
  days: number;
  k: number;
}

/** One ranker in one mode. `ranker` is `model` or `popularity`. */
export interface EvaluationRow {
  ranker: string;
  mode: EvaluationMode;
  k: number;
  customers: number;
  recall: number;
  ndcg: number;
}

/** The side-by-side table the `evaluate` command prints. */
export function formatEvaluation(rows: readonly EvaluationRow[]): string[] {
  const k = rows[0]?.k ?? 0;
  const find = (ranker: string, mode: string) => rows.find((r) => r.ranker === ranker && r.mode === mode);
  const lines = [`mode  customers  ranker       Recall@${k}  NDCG@${k}`];
  for (const mode of ['all', 'new']) {
    for (const ranker of ['model', 'popularity']) {
      const r = find(ranker, mode);
      if (!r) continue;
      lines.push(`${mode.padEnd(4)}  ${String(r.customers).padStart(9)}  ${ranker.padEnd(11)}  ${r.recall.toFixed(4).padStart(9)}  ${r.ndcg.toFixed(4).padStart(7)}`);
    }
  }
  return lines;
}
