import type { VectorBlock, VectorTable } from './vector-table';

export interface VectorPartitionsOptions {
  /** Coarse clusters; default sqrt(rows) / 2, which keeps the one-off assignment pass cheap. */
  clusters?: number;
  /** Rows k-means trains on (all rows are assigned afterwards). */
  sampleSize?: number;
  iterations?: number;
  seed?: number;
}

/** A partitioning in compact, cloneable form (what a worker thread transfers back). */
export interface PartitionParts {
  /** Clusters x dimensions, row-major, unit length. */
  centroids: Float32Array;
  /** Cluster c's rows are `members[memberStart[c] .. memberStart[c + 1])`. */
  memberStart: Int32Array;
  members: Int32Array;
  /** The members' vectors in member order (a copy, so a cluster is scanned in order); absent for a large table. */
  vectors?: Float32Array;
}

/** Up to this many bytes of vectors get a cluster-ordered copy: 100,000 learned vectors take 26 MB, external ones of 1,536 dimensions 600 MB. */
const MAX_COPY_BYTES = 64 * 1_048_576;

/**
 * An inverted-file (IVF) coarse quantiser over a VectorTable: rows are grouped by their nearest
 * of `clusters` k-means centroids (spherical k-means, trained on a sample), and a search scans
 * only the rows of the few clusters nearest the query. Approximate: a neighbour in an unprobed
 * cluster is missed, which fusion tolerates (vectors only add and reorder candidates).
 */
export class VectorPartitions {
  private readonly centroids: Float32Array;
  private readonly memberStart: Int32Array;
  private readonly members: Int32Array;
  private readonly vectors: Float32Array | undefined;
  private readonly dimensions: number;

  constructor(parts: PartitionParts) {
    this.centroids = parts.centroids;
    this.memberStart = parts.memberStart;
    this.members = parts.members;
    this.vectors = parts.vectors;
    this.dimensions = this.clusters > 0 ? parts.centroids.length / this.clusters : 0;
  }

  get parts(): PartitionParts {
    return { centroids: this.centroids, memberStart: this.memberStart, members: this.members, ...(this.vectors ? { vectors: this.vectors } : {}) };
  }

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

    // Rows grouped by cluster, in row order within each (a counting sort).
    const cluster = new Int32Array(rows);
    const memberStart = new Int32Array(k + 1);
    for (let r = 0; r < rows; r++) memberStart[(cluster[r] = nearestCentroid(centroids, k, d, table.row(r))) + 1]++;
    for (let c = 0; c < k; c++) memberStart[c + 1] += memberStart[c];
    const members = new Int32Array(rows);
    const next = memberStart.slice(0, k);
    for (let r = 0; r < rows; r++) members[next[cluster[r]]++] = r;
    let vectors: Float32Array | undefined;
    if (rows * d * 4 <= MAX_COPY_BYTES) {
      vectors = new Float32Array(rows * d);
      members.forEach((r, at) => vectors?.set(table.row(r), at * d));
    }
    return new VectorPartitions({ centroids, memberStart, members, ...(vectors ? { vectors } : {}) });
  }

  get clusters(): number {
    return this.memberStart.length - 1;
  }

  /**
   * The clusters whose centroids are most similar to `query`, nearest first, until they hold at
   * least `budget` rows (clusters differ in size, so a row budget bounds the scan, not a count).
   */
  blocks(query: Float32Array, budget: number): VectorBlock[] {
    const k = this.clusters;
    const d = this.dimensions;
    const scores = new Float32Array(k);
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += this.centroids[c * d + j] * query[j];
      scores[c] = dot;
    }
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
    const out: VectorBlock[] = [];
    let rows = 0;
    for (const c of order) {
      if (rows >= budget) break;
      const from = this.memberStart[c];
      const to = this.memberStart[c + 1];
      rows += to - from;
      out.push({ rows: this.members.subarray(from, to), ...(this.vectors ? { vectors: this.vectors.subarray(from * d, to * d) } : {}) });
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
