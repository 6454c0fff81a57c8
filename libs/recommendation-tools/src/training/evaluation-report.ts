import type { EvaluationMode } from '../evaluation/temporal-split';

/** Temporal hold-out: train before `cutoff` (ms), truth in the next `days` days, top `k`. */
export interface HoldoutSpec {
  cutoff: number;
  days: number;
  k: number;
}

/** One ranker in one mode. `ranker` is `model`, `popularity` or `arm` (an arm's configuration, `evaluate --arm`). */
export interface EvaluationRow {
  ranker: string;
  mode: EvaluationMode;
  k: number;
  customers: number;
  recall: number;
  ndcg: number;
  /** Mean intra-list similarity (content similarity of categories, tags and title words, as MMR uses). */
  ils?: number;
  /** Mean category coverage: distinct first categories (or title stand-ins) per list over its length. */
  coverage?: number;
  /** Lists shorter than k (rules left too few candidates). */
  shortLists?: number;
}

const RANKERS = ['model', 'popularity', 'arm'];

/** The side-by-side table the `evaluate` command prints (ILS and coverage columns when measured). */
export function formatEvaluation(rows: readonly EvaluationRow[]): string[] {
  const k = rows[0]?.k ?? 0;
  const withLists = rows.some((r) => r.ils !== undefined);
  const find = (ranker: string, mode: string) => rows.find((r) => r.ranker === ranker && r.mode === mode);
  const lines = [`mode  customers  ranker       Recall@${k}  NDCG@${k}${withLists ? '     ILS  coverage' : ''}`];
  for (const mode of ['all', 'new']) {
    for (const ranker of RANKERS) {
      const r = find(ranker, mode);
      if (!r) continue;
      let line = `${mode.padEnd(4)}  ${String(r.customers).padStart(9)}  ${ranker.padEnd(11)}  ${r.recall.toFixed(4).padStart(9)}  ${r.ndcg.toFixed(4).padStart(7)}`;
      if (withLists) line += `  ${(r.ils ?? 0).toFixed(4).padStart(6)}  ${(r.coverage ?? 0).toFixed(4).padStart(8)}`;
      if (r.shortLists) line += `  (${r.shortLists} lists short of ${k})`;
      lines.push(line);
    }
  }
  return lines;
}
