import { tokenize } from '../search-index/text-normalizer';
import { VectorTable } from './vector-table';

export interface DescriptionEmbeddingsOptions {
  /** Latent dimensions kept. */
  dimensions?: number;
  /** Power iterations of the randomised SVD: more separate close singular values better. */
  powerIterations?: number;
  seed?: number;
}

/**
 * Product vectors learned from the shop's own descriptions: latent semantic analysis, i.e. a
 * truncated SVD of the TF-IDF term x product matrix (randomised range finder, Halko et al. 2011).
 * Terms that share products ("retrospot" and "red", "t-light" and "holder") land close, so a
 * query is placed by folding in its terms. Trains in well under a second on the shop's
 * catalogue (a few thousand products), so it runs synchronously at index build; at 100,000
 * products it takes seconds and belongs in a worker (see README).
 */
export class DescriptionEmbeddings {
  private constructor(
    readonly products: VectorTable,
    /** Term -> row of the term basis (the left singular subspace). */
    private readonly termRow: Map<string, number>,
    private readonly termBasis: Float32Array,
    private readonly idf: Float32Array,
    readonly dimensions: number,
  ) {}

  static train(descriptions: readonly string[], options: DescriptionEmbeddingsOptions = {}): DescriptionEmbeddings {
    const k = options.dimensions ?? 64;
    const iterations = options.powerIterations ?? 2;
    const random = mulberry32(options.seed ?? 42);

    // Sparse columns: per product, (term row, weight) with weight = log(1 + tf) * idf, L2-normalised.
    const termRow = new Map<string, number>();
    const docTerms: Map<number, number>[] = descriptions.map((text) => {
      const counts = new Map<number, number>();
      for (const t of tokenize(text)) {
        let row = termRow.get(t);
        if (row === undefined) termRow.set(t, (row = termRow.size));
        counts.set(row, (counts.get(row) ?? 0) + 1);
      }
      return counts;
    });
    const terms = termRow.size;
    const df = new Float32Array(terms);
    for (const counts of docTerms) for (const row of counts.keys()) df[row]++;
    const idf = df.map((n) => Math.log((descriptions.length + 1) / (n + 1)) + 1);
    const colPtr = new Int32Array(descriptions.length + 1);
    const rows: number[] = [];
    const vals: number[] = [];
    docTerms.forEach((counts, d) => {
      let norm = 0;
      const start = rows.length;
      for (const [row, tf] of counts) {
        const w = Math.log1p(tf) * idf[row];
        rows.push(row);
        vals.push(w);
        norm += w * w;
      }
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let i = start; i < vals.length; i++) vals[i] *= inv;
      colPtr[d + 1] = rows.length;
    });
    const A = { colPtr, rows: Int32Array.from(rows), vals: Float32Array.from(vals), terms, docs: descriptions.length };

    const width = Math.min(k, terms, descriptions.length);
    // Y = A * Omega, then (A A^T) Y a few times, orthonormalised each time.
    const omega = new Float32Array(A.docs * width).map(() => gaussian(random));
    let Y = multiplyA(A, omega, width);
    orthonormalize(Y, terms, width);
    for (let i = 0; i < iterations; i++) {
      Y = multiplyA(A, multiplyAT(A, Y, width), width);
      orthonormalize(Y, terms, width);
    }
    // Product vectors: the columns projected on the basis (Q^T A), i.e. Sigma V^T up to a rotation.
    const productVectors = multiplyAT(A, Y, width);
    return new DescriptionEmbeddings(VectorTable.fromFlat(productVectors, width), termRow, Y, idf, width);
  }

  /** Fold-in of normalised terms (unknown ones ignored); undefined when none is known. */
  embedTerms(terms: readonly string[]): Float32Array | undefined {
    const out = new Float32Array(this.dimensions);
    let known = 0;
    for (const t of new Set(terms)) {
      const row = this.termRow.get(t);
      if (row === undefined) continue;
      known++;
      const w = this.idf[row];
      const off = row * this.dimensions;
      for (let j = 0; j < this.dimensions; j++) out[j] += w * this.termBasis[off + j];
    }
    return known > 0 ? out : undefined;
  }
}

interface SparseColumns {
  colPtr: Int32Array;
  rows: Int32Array;
  vals: Float32Array;
  terms: number;
  docs: number;
}

/** A (terms x docs, sparse) times X (docs x w, row-major). */
function multiplyA(A: SparseColumns, X: Float32Array, w: number): Float32Array {
  const out = new Float32Array(A.terms * w);
  for (let d = 0; d < A.docs; d++) {
    const xOff = d * w;
    for (let p = A.colPtr[d]; p < A.colPtr[d + 1]; p++) {
      const v = A.vals[p];
      const oOff = A.rows[p] * w;
      for (let j = 0; j < w; j++) out[oOff + j] += v * X[xOff + j];
    }
  }
  return out;
}

/** A^T (docs x terms) times Y (terms x w, row-major). */
function multiplyAT(A: SparseColumns, Y: Float32Array, w: number): Float32Array {
  const out = new Float32Array(A.docs * w);
  for (let d = 0; d < A.docs; d++) {
    const oOff = d * w;
    for (let p = A.colPtr[d]; p < A.colPtr[d + 1]; p++) {
      const v = A.vals[p];
      const yOff = A.rows[p] * w;
      for (let j = 0; j < w; j++) out[oOff + j] += v * Y[yOff + j];
    }
  }
  return out;
}

/** Modified Gram-Schmidt on the w columns of a row-major (n x w) matrix, in place. */
function orthonormalize(M: Float32Array, n: number, w: number): void {
  for (let c = 0; c < w; c++) {
    for (let prev = 0; prev < c; prev++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += M[r * w + c] * M[r * w + prev];
      for (let r = 0; r < n; r++) M[r * w + c] -= dot * M[r * w + prev];
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += M[r * w + c] ** 2;
    const inv = norm > 1e-12 ? 1 / Math.sqrt(norm) : 0;
    for (let r = 0; r < n; r++) M[r * w + c] *= inv;
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
