import type { VectorTable } from './vector-table';

export interface VectorPartitionsOptions {
  /** Coarse clusters; default sqrt(rows) / 2, which keeps the one-off assignment pass cheap. */
  clusters?: number;
  /** Rows k-means trains on (all rows are assigned afterwards). */
  sampleSize?: number;
  iterations?: number;
  seed?: number;
}

/**
 * An inverted-file (IVF) coarse quantiser over a VectorTable: rows are grouped by their nearest
 * of `clusters` k-means centroids (spherical k-means, trained on a sample), and a search scans
 * only the rows of the few clusters nearest the query. Approximate: a neighbour in an unprobed
 * cluster is missed, which fusion tolerates (vectors only add and reorder candidates).
 */
export class VectorPartitions {
  private constructor(
    private readonly centroids: Float32Array,
    private readonly members: Int32Array[],
    private readonly dimensions: number,
  ) {}

  static build(table: VectorTable, options: VectorPartitionsOptions = {}): VectorPartitions {
    const d = table.dimensions;
    const rows = table.size;
    const k = Math.max(1, Math.min(options.clusters ?? Math.round(Math.sqrt(rows) / 2), rows));
    const random = lcg(options.seed ?? 11);
    const sample = Array.from({ length: Math.min(rows, options.sampleSize ?? 20 * k) }, () => Math.floor(random() * rows));
    const centroids = new Float32Array(k * d);
    for (let c = 0; c < k; c++) centroids.set(table.row(sample[c % sample.length]), c * d);

    const assignment = new Int32Array(sample.length);
    for (let it = 0; it < (options.iterations ?? 4); it++) {
      sample.forEach((r, i) => (assignment[i] = nearestCentroid(centroids, k, d, table.row(r))));
      const sums = new Float32Array(k * d);
      sample.forEach((r, i) => {
        const row = table.row(r);
        const off = assignment[i] * d;
        for (let j = 0; j < d; j++) sums[off + j] += row[j];
      });
      for (let c = 0; c < k; c++) {
        let norm = 0;
        for (let j = 0; j < d; j++) norm += sums[c * d + j] ** 2;
        // An empty cluster keeps its old centroid.
        if (norm === 0) continue;
        const inv = 1 / Math.sqrt(norm);
        for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] * inv;
      }
    }

    const lists: number[][] = Array.from({ length: k }, () => []);
    for (let r = 0; r < rows; r++) lists[nearestCentroid(centroids, k, d, table.row(r))].push(r);
    return new VectorPartitions(centroids, lists.map((l) => Int32Array.from(l)), d);
  }

  get clusters(): number {
    return this.members.length;
  }

  /**
   * Rows of the clusters whose centroids are most similar to `query`, nearest first, until at
   * least `budget` rows (clusters differ in size, so a row budget bounds the scan, not a count).
   */
  candidates(query: Float32Array, budget: number): Int32Array {
    const k = this.members.length;
    const d = this.dimensions;
    const scores = new Float32Array(k);
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += this.centroids[c * d + j] * query[j];
      scores[c] = dot;
    }
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
    const chosen: number[] = [];
    let rows = 0;
    for (const c of order) {
      if (rows >= budget) break;
      chosen.push(c);
      rows += this.members[c].length;
    }
    const out = new Int32Array(rows);
    let at = 0;
    for (const c of chosen) {
      out.set(this.members[c], at);
      at += this.members[c].length;
    }
    return out;
  }
}

function nearestCentroid(centroids: Float32Array, k: number, d: number, row: Float32Array): number {
  let best = 0;
  let bestDot = -Infinity;
  for (let c = 0, off = 0; c < k; c++, off += d) {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += centroids[off + j] * row[j];
    if (dot > bestDot) {
      bestDot = dot;
      best = c;
    }
  }
  return best;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
