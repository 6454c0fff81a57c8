import { analyseDocuments, type LexicalParts } from '../search-index/lexical-vocabulary';
import { VectorTable } from './vector-table';

/** A trained model in compact, cloneable form (what a worker thread transfers back). */
export interface DescriptionEmbeddingsParts {
  dimensions: number;
  /** Products x dimensions, unit rows. */
  productVectors: Float32Array;
  /** Term names by row of the term basis. */
  termNames: string[];
  /** Terms x dimensions. */
  termBasis: Float32Array;
  idf: Float32Array;
}

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
 * query is placed by folding in its terms. Trains in well under a second on a few thousand
 * products; at 100,000 it takes seconds, so the index trains it in a worker thread
 * (search-build.task) and rebuilds it here from its parts.
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

  static fromParts(parts: DescriptionEmbeddingsParts): DescriptionEmbeddings {
    const termRow = new Map<string, number>();
    parts.termNames.forEach((name, row) => termRow.set(name, row));
    return new DescriptionEmbeddings(VectorTable.fromUnitRows(parts.productVectors, parts.dimensions), termRow, parts.termBasis, parts.idf, parts.dimensions);
  }

  /** The model as parts; the product vectors are those of the build (rows appended later are left out). */
  toParts(builtRows = this.products.size): DescriptionEmbeddingsParts {
    return {
      dimensions: this.dimensions,
      productVectors: this.products.flat.subarray(0, builtRows * this.dimensions),
      termNames: [...this.termRow.keys()],
      termBasis: this.termBasis,
      idf: this.idf,
    };
  }

  static train(descriptions: readonly string[], options: DescriptionEmbeddingsOptions = {}): DescriptionEmbeddings {
    return DescriptionEmbeddings.trainOn(analyseDocuments(descriptions.map((title) => ({ title }))), options);
  }

  /** Trains on a lexical index's parts: the tokens and counts the index already holds, not a second tokenising. */
  static trainOn(lexical: LexicalParts, options: DescriptionEmbeddingsOptions = {}): DescriptionEmbeddings {
    const k = options.dimensions ?? 64;
    const iterations = options.powerIterations ?? 2;
    const random = mulberry32(options.seed ?? 42);
    const { termStart, docTermStart, docTerms, docFreqs } = lexical.postings;
    const terms = lexical.termNames.length;
    const docs = docTermStart.length - 1;

    // Sparse columns: per product, (term row, weight) with weight = log(1 + tf) * idf, L2-normalised.
    const idf = new Float32Array(terms);
    for (let t = 0; t < terms; t++) idf[t] = Math.log((docs + 1) / (termStart[t + 1] - termStart[t] + 1)) + 1;
    const vals = new Float32Array(docTerms.length);
    const weight = (i: number) => Math.log1p(docFreqs[i]) * idf[docTerms[i]];
    for (let d = 0; d < docs; d++) {
      let norm = 0;
      for (let i = docTermStart[d]; i < docTermStart[d + 1]; i++) norm += weight(i) ** 2;
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let i = docTermStart[d]; i < docTermStart[d + 1]; i++) vals[i] = weight(i) * inv;
    }
    const A = { colPtr: docTermStart, rows: docTerms, vals, terms, docs };
    const termRow = new Map<string, number>();
    lexical.termNames.forEach((name, row) => termRow.set(name, row));

    const width = Math.min(k, terms, docs);
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
