// Selection helpers of the Recommender's scoring loops.

/** Indices of the k largest scores, best first; ties broken by index for determinism. */
export function topK(candidates: readonly number[], scores: Float32Array, k: number): number[] {
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

/**
 * Item indices by a fixed per-item value, best first (value descending, then index ascending:
 * topK's tie rule; NaN last), and where each run of equal values ends. Sorted once when a model
 * loads, so a ranking whose untouched items score by that value alone walks a prefix of it
 * instead of scanning the catalogue.
 */
export class FixedOrder {
  readonly order: Int32Array;
  /** runEnd[t]: the first position after t whose value differs from position t's. */
  readonly runEnd: Int32Array;

  constructor(values: ArrayLike<number>) {
    const n = values.length;
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.order.sort((a, b) => {
      const va = values[a];
      const vb = values[b];
      if (va > vb) return -1;
      if (va < vb) return 1;
      if (va === vb) return a - b;
      const nanA = Number.isNaN(va);
      return nanA === Number.isNaN(vb) ? a - b : nanA ? 1 : -1;
    });
    this.runEnd = new Int32Array(n);
    for (let t = n - 1; t >= 0; t--) this.runEnd[t] = t + 1 < n && values[this.order[t + 1]] === values[this.order[t]] ? this.runEnd[t + 1] : t + 1;
  }

  /**
   * Appends to `candidates` (and `scores`) the items, not `skipped`, that can be in the top
   * `want` by score desc, index asc, when each item's score is a non-decreasing function of its
   * value. Walks best first; within a run of equal values only the first `want` kept items can
   * win (the rest lose the index tie); it stops at the first score below the `want`-th's.
   */
  collect(want: number, skipped: (j: number) => boolean, scoreOf: (j: number) => number, candidates: number[], scores: Float32Array): void {
    if (want <= 0) return;
    let taken = 0;
    let last = Number.NaN;
    for (let start = 0; start < this.order.length; start = this.runEnd[start]) {
      let inRun = 0;
      for (let t = start, end = this.runEnd[start]; t < end && !(inRun >= want); t++) {
        const j = this.order[t];
        if (skipped(j)) continue;
        const s = scoreOf(j);
        if (taken >= want && s !== last) return;
        scores[j] = s;
        candidates.push(j);
        taken++;
        inRun++;
        last = s;
      }
    }
  }
}
