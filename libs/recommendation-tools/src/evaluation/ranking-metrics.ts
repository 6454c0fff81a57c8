// Binary-relevance ranking metrics as in the reference table of issue 5: Recall@K is
// hits / |truth| (hits / min(K, |truth|) gives ~50% higher figures than the reference);
// the ideal DCG of NDCG@K ranks min(K, |truth|) hits first.
export function recallAtK(ranked: readonly string[], truth: ReadonlySet<string>, k: number): number {
  if (truth.size === 0) return 0;
  let hits = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (truth.has(ranked[i])) hits++;
  return hits / truth.size;
}

export function ndcgAtK(ranked: readonly string[], truth: ReadonlySet<string>, k: number): number {
  if (truth.size === 0) return 0;
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (truth.has(ranked[i])) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, truth.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}
