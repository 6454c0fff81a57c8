import type { LexicalHit, ParsedQuery } from '../search-index/lexical-index';
import { tokenize } from '../search-index/text-normalizer';
import { DescriptionEmbeddings, type DescriptionEmbeddingsOptions } from './description-embeddings';
import type { EmbeddingProvider } from './embedding-provider';
import { VectorPartitions } from './vector-partitions';
import { normalize, VectorTable } from './vector-table';

/** Product vectors of one index build, and how a query gets a vector in the same space. */
export interface ProductEmbeddings {
  /** `description-lsa` or the provider's name. */
  readonly name: string;
  /** Row i is the vector of document i of the index (the build's products, then those added since). */
  readonly products: VectorTable;
  /** Cosine below this is not a match: keeps unrelated products out of the fused list. */
  readonly minSimilarity: number;
  /** The `n` products nearest `query`: exact below PARTITION_THRESHOLD products, IVF-approximate above. */
  nearest(query: Float32Array, n: number, accept?: (row: number) => boolean): { row: number; similarity: number }[];
  /** Undefined when the query has nothing to place it by. */
  embedQuery(text: string, query: ParsedQuery, lexicalTop: readonly LexicalHit[], signal?: AbortSignal): Promise<Float32Array | undefined>;
  /**
   * Vectors in the same space for products added after the build (undefined: nothing to place
   * one by); without this method added products are found by their words only.
   */
  embedProducts?(texts: readonly string[], signal?: AbortSignal): Promise<(Float32Array | undefined)[]>;
}

/**
 * From this many products the vectors get an inverted-file partition: a brute-force scan costs
 * ~0.15 us per product (64 floats), which is most of a search's CPU time from a few thousand on.
 */
export const PARTITION_THRESHOLD = 2_000;
/** Rows scanned per query at least, and as a share of the catalogue. */
const MIN_SCAN_ROWS = 1_000;
const SCAN_SHARE = 1 / 32;

/** The IVF partitioning a table of this many rows gets, or undefined (scanned exactly). */
export function partitionsFor(table: VectorTable): VectorPartitions | undefined {
  return table.size < PARTITION_THRESHOLD ? undefined : VectorPartitions.build(table);
}

/**
 * Nearest-neighbour search over a table: exact when small, IVF-probed when large (over
 * `partitions` when given, e.g. built in a worker thread; else built here).
 */
export function nearestSearch(table: VectorTable, partitions = partitionsFor(table)): ProductEmbeddings['nearest'] {
  if (!partitions) return (query, n, accept) => table.nearest(query, n, accept);
  const partitioned = table.size;
  // Nearest clusters first until the row budget is covered: on 100,000 generated products the
  // exact top 50 of product vectors was still found in full at 1/32 of the scan. Rows appended
  // since the partitioning are few (the index is rebuilt before they are many): always scanned.
  const budget = Math.max(MIN_SCAN_ROWS, Math.ceil(table.size * SCAN_SHARE));
  return (query, n, accept) => table.nearest(query, n, accept, partitions.blocks(query, budget), partitioned);
}

/** How many top lexical hits feed pseudo-relevance feedback. */
const FEEDBACK_HITS = 3;
/** Weight of the folded-in matched terms against the feedback mean (1). */
const FOLD_IN_WEIGHT = 1;

/**
 * Vectors learned from the catalogue's own descriptions (LSA). The query vector is the fold-in
 * of the terms the top lexical hits matched plus the mean of those hits' vectors
 * (pseudo-relevance feedback), equally weighted.
 */
export function learnedEmbeddings(descriptions: readonly string[], options?: DescriptionEmbeddingsOptions): ProductEmbeddings {
  return learnedEmbeddingsOf(DescriptionEmbeddings.train(descriptions, options));
}

/** learnedEmbeddings over a model already trained (e.g. in a worker thread), with its partitions when it has them. */
export function learnedEmbeddingsOf(model: DescriptionEmbeddings, partitions?: VectorPartitions): ProductEmbeddings {
  return {
    name: 'description-lsa',
    products: model.products,
    nearest: nearestSearch(model.products, partitions ?? partitionsFor(model.products)),
    minSimilarity: 0.5,
    async embedQuery(_text, _query, lexicalTop) {
      const top = lexicalTop.slice(0, FEEDBACK_HITS);
      // The words the top hits matched, not the raw query: typos come corrected, and a query word
      // no product pairs with the rest ("red" in "red lantern") does not drag in red everything.
      const terms = top.flatMap((h) => h.terms);
      const folded = model.embedTerms(terms);
      if (!folded && top.length === 0) return undefined;
      const out = new Float32Array(model.dimensions);
      if (folded) addScaled(out, normalize(folded), FOLD_IN_WEIGHT);
      for (const hit of top) addScaled(out, model.products.row(hit.doc), 1 / top.length);
      return out;
    },
    // The standard LSA fold-in of a new document: its terms placed on the learned basis.
    async embedProducts(texts) {
      return texts.map((text) => model.embedTerms(tokenize(text)));
    },
  };
}

/**
 * Vectors from an external model (OpenAI-compatible endpoint): products embedded once per
 * build, queries per search (memoised, since shoppers repeat queries).
 */
export async function providerEmbeddings(provider: EmbeddingProvider, descriptions: readonly string[], signal?: AbortSignal): Promise<ProductEmbeddings> {
  return providerEmbeddingsOf(provider, await providerTable(provider, descriptions, signal));
}

/** The provider's vectors of `descriptions` as a table (rows normalised). */
export async function providerTable(provider: EmbeddingProvider, descriptions: readonly string[], signal?: AbortSignal): Promise<VectorTable> {
  const vectors = await provider.embed(descriptions, signal);
  return VectorTable.fromRows(vectors, vectors[0]?.length ?? 0);
}

/** providerEmbeddings over a table already embedded, with its partitions when it has them. */
export function providerEmbeddingsOf(provider: EmbeddingProvider, table: VectorTable, partitions?: VectorPartitions): ProductEmbeddings {
  const memo = new Map<string, Float32Array>();
  return {
    name: provider.name,
    products: table,
    nearest: nearestSearch(table, partitions ?? partitionsFor(table)),
    minSimilarity: 0.3,
    async embedQuery(text, _query, _top, callSignal) {
      const key = text.trim().toLowerCase();
      const cached = memo.get(key);
      if (cached) return cached;
      const [vector] = await provider.embed([key], callSignal);
      if (memo.size >= 1_000) memo.delete(memo.keys().next().value as string);
      memo.set(key, vector);
      return vector;
    },
    embedProducts: (texts, callSignal) => provider.embed(texts, callSignal),
  };
}

function addScaled(target: Float32Array, v: Float32Array, scale: number): void {
  for (let i = 0; i < target.length; i++) target[i] += v[i] * scale;
}
