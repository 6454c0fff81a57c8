// Selection helpers of the Recommender's scoring loops.

export function maxOf(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Indices of the k largest scores, best first; ties broken by index for determinism. */
export function topK(candidates: number[], scores: Float32Array, k: number): number[] {
  const want = Math.max(0, k);
  if (want === 0) return [];
  // Bounded insertion into a sorted buffer: O(n·k) worst case, ~O(n) in practice for k ≪ n,
  // instead of sorting every candidate.
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
  const out: number[] = [];
  for (const j of candidates) {
    if (out.length === want && !better(j, out[want - 1])) continue;
    let p = out.length;
    while (p > 0 && better(j, out[p - 1])) p--;
    out.splice(p, 0, j);
    if (out.length > want) out.pop();
  }
  return out;
}
