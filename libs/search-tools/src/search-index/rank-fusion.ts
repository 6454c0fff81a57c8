/**
 * Weighted reciprocal rank fusion (Cormack et al. 2009): score(d) = sum over lists of
 * weight / (k + rank), rank from 1. Ranks, not raw scores, are fused, so BM25 and cosine
 * scales never need calibrating. See the README for the chosen k and weights.
 */
export interface RankedList {
  /** Document ids, best first. */
  ids: readonly number[];
  weight: number;
}

/** How the lexical and vector lists are fused. */
export interface FusionSettings {
  /** Added to every rank: the larger, the flatter each list's head. */
  k: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Lexical candidates fused (at least offset + limit are taken). */
  lexicalDepth: number;
  /** Nearest vectors fused. */
  vectorDepth: number;
}

export const DEFAULT_FUSION_SETTINGS: FusionSettings = {
  /** Damps the head of each list: rank 1 vs 2 differ by ~1.6%, so one list cannot dominate. */
  k: 60,
  lexicalWeight: 1,
  /** Half the lexical weight: vectors reorder and add near-misses, the words decide. */
  vectorWeight: 0.5,
  lexicalDepth: 200,
  vectorDepth: 50,
};

export function reciprocalRankFusion(lists: readonly RankedList[], k: number = DEFAULT_FUSION_SETTINGS.k): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + i + 1)));
  }
  return scores;
}

/** The best score a document can reach (rank 1 in every list), to scale scores into (0, 1]. */
export function maxFusedScore(lists: readonly RankedList[], k: number = DEFAULT_FUSION_SETTINGS.k): number {
  return lists.reduce((sum, l) => sum + l.weight / (k + 1), 0);
}
