import { DescriptionEmbeddings, type DescriptionEmbeddingsParts } from '../embeddings/description-embeddings';
import { partitionsFor } from '../embeddings/product-embeddings';
import type { PartitionParts } from '../embeddings/vector-partitions';
import { VectorTable } from '../embeddings/vector-table';
import { analyseDocuments, type LexicalParts } from './lexical-vocabulary';

/** What a build needs of the catalogue: the searchable text of each product, in document order. */
export interface SearchBuildInput {
  titles: string[];
  /** attributeText of each product (category and tag words). */
  attributes: string[];
  /**
   * `learned`: train description vectors (LSA); `none`: lexical only; or vectors already
   * embedded (an external provider's, unit rows, row i = product i), to partition.
   */
  vectors: 'learned' | 'none' | { data: Float32Array; dimensions: number };
}

/** Everything CPU-heavy of an index build, in compact form: typed arrays plus term names. */
export interface SearchBuildParts {
  lexical: LexicalParts;
  /** With `vectors: 'learned'` (and at least one product). */
  learned?: DescriptionEmbeddingsParts;
  /** The provided vectors, handed back (they travel to a worker and back without copies). */
  provided?: { data: Float32Array; dimensions: number };
  /** IVF partitions of the vectors, when there are enough rows for them to pay. */
  partitions?: PartitionParts;
  /** Milliseconds spent on each step, for the build log. */
  timings: { lexicalMs: number; vectorsMs: number; partitionsMs: number };
}

/**
 * Builds the lexical index and the vectors of a catalogue: the same function runs in a worker
 * thread (search-build.task) or, without an executor, in the calling thread; either way the
 * parts are the same, and SearchSnapshot is made from them.
 */
export function buildSearchParts(input: SearchBuildInput): SearchBuildParts {
  if (input.titles.length !== input.attributes.length) throw new Error('titles and attributes differ in length');
  let started = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - started);
    started = now;
    return ms;
  };
  const lexical = analyseDocuments(input.titles.map((title, i) => ({ title, attributes: input.attributes[i] })));
  const lexicalMs = lap();
  let table: VectorTable | undefined;
  let learned: DescriptionEmbeddingsParts | undefined;
  let provided: SearchBuildParts['provided'];
  if (input.vectors === 'learned' && input.titles.length > 0) {
    // The same tokens as the description texts (title, then attribute words): no second tokenising.
    const model = DescriptionEmbeddings.trainOn(lexical);
    learned = model.toParts();
    table = model.products;
  } else if (typeof input.vectors === 'object') {
    provided = input.vectors;
    table = VectorTable.fromUnitRows(provided.data, provided.dimensions);
  }
  const vectorsMs = lap();
  const partitions = table ? partitionsFor(table)?.parts : undefined;
  const partitionsMs = lap();
  return { lexical, ...(learned ? { learned } : {}), ...(provided ? { provided } : {}), ...(partitions ? { partitions } : {}), timings: { lexicalMs, vectorsMs, partitionsMs } };
}

/** The typed arrays of the parts: moved, not copied, across threads. */
export function partsBuffers(parts: SearchBuildParts): ArrayBufferView[] {
  const p = parts.lexical.postings;
  const out: ArrayBufferView[] = [p.termStart, p.docs, p.freqs, p.docTermStart, p.docTerms, p.docFreqs, p.titleTerms, p.lengths];
  if (parts.learned) out.push(parts.learned.productVectors, parts.learned.termBasis, parts.learned.idf);
  if (parts.provided) out.push(parts.provided.data);
  if (parts.partitions) out.push(parts.partitions.centroids, parts.partitions.memberStart, parts.partitions.members);
  if (parts.partitions?.vectors) out.push(parts.partitions.vectors);
  return out;
}

/** A product's title and attribute words in one text, as product vectors are learned or embedded from (see searchableText). */
export function joinSearchableText(title: string, attributes: string): string {
  return attributes ? `${title} , ${attributes}` : title;
}
