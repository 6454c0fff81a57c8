/** A document as the postings hold it: distinct term ids (title terms first) and their counts. */
export interface AnalysedDocument {
  termIds: number[];
  freqs: number[];
  /** How many of `termIds`, from the start, are title terms. */
  titleTerms: number;
  /** Terms in the document, repeats counted (BM25's length). */
  length: number;
}

// minisearch's defaults: BM25+ parameters.
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** The postings of a build, packed: what a worker transfers back (see LexicalParts). */
export interface PostingsParts {
  /** Term id -> its range in `docs`/`freqs` (terms + 1 offsets). */
  termStart: Int32Array;
  docs: Int32Array;
  freqs: Uint16Array;
  /** Document -> its range in `docTerms` (documents + 1 offsets). */
  docTermStart: Int32Array;
  /** Each document's distinct term ids, title terms first. */
  docTerms: Int32Array;
  /** How often each of `docTerms` occurs in its document (what description vectors learn from). */
  docFreqs: Uint16Array;
  titleTerms: Uint16Array;
  lengths: Float32Array;
}

/** Packs analysed documents into typed arrays (a counting sort by term: no per-term lists). */
export function packPostings(docs: readonly AnalysedDocument[], terms: number): PostingsParts {
  const termStart = new Int32Array(terms + 1);
  const docTermStart = new Int32Array(docs.length + 1);
  const titleTerms = new Uint16Array(docs.length);
  const lengths = new Float32Array(docs.length);
  docs.forEach((d, doc) => {
    for (const id of d.termIds) termStart[id + 1]++;
    docTermStart[doc + 1] = docTermStart[doc] + d.termIds.length;
    titleTerms[doc] = Math.min(d.titleTerms, 65_535);
    lengths[doc] = d.length;
  });
  for (let id = 0; id < terms; id++) termStart[id + 1] += termStart[id];
  const total = termStart[terms];
  const postingDocs = new Int32Array(total);
  const freqs = new Uint16Array(total);
  const docTerms = new Int32Array(docTermStart[docs.length]);
  const docFreqs = new Uint16Array(docTerms.length);
  const next = termStart.slice(0, terms);
  docs.forEach((d, doc) => {
    docTerms.set(d.termIds, docTermStart[doc]);
    docFreqs.set(d.freqs.map((f) => Math.min(f, 65_535)), docTermStart[doc]);
    d.termIds.forEach((id, i) => {
      const at = next[id]++;
      postingDocs[at] = doc;
      freqs[at] = Math.min(d.freqs[i], 65_535);
    });
  });
  return { termStart, docs: postingDocs, freqs, docTermStart, docTerms, docFreqs, titleTerms, lengths };
}

/**
 * Term -> document postings and document -> terms of the lexical index. The build's are packed
 * in typed arrays; documents added after it go to per-term lists, and a removed document is only
 * flagged (its postings stay, skipped in results) until the next build compacts everything, as
 * in Lucene's segments. Term statistics count removed documents too: still consistent, slightly
 * stale.
 */
export class LexicalPostings {
  private readonly packedStart: Int32Array;
  private readonly packedDocs: Int32Array;
  private readonly packedFreqs: Uint16Array;
  private readonly addedPostings: (number[] | undefined)[] = [];
  private readonly packedTermStart: Int32Array;
  private readonly packedTermIds: Int32Array;
  private readonly addedTerms: Int32Array[] = [];
  private readonly builtDocs: number;
  private titleTerms: Uint16Array;
  private lengths: Float32Array;
  private removed: Uint8Array;
  private count: number;
  private totalLength = 0;

  constructor(parts: PostingsParts) {
    this.packedStart = parts.termStart;
    this.packedDocs = parts.docs;
    this.packedFreqs = parts.freqs;
    this.packedTermStart = parts.docTermStart;
    this.packedTermIds = parts.docTerms;
    this.builtDocs = this.count = parts.lengths.length;
    // Room for documents added later (see append).
    const capacity = Math.max(16, this.count);
    this.titleTerms = grown(parts.titleTerms, capacity);
    this.lengths = grown(parts.lengths, capacity);
    this.removed = new Uint8Array(capacity);
    for (let doc = 0; doc < this.count; doc++) this.totalLength += this.lengths[doc];
  }

  /** Documents ever held, removed ones included: document numbers run from 0 to this. */
  get documentCount(): number {
    return this.count;
  }

  /** Adds a document after the build; returns its number. */
  append(d: AnalysedDocument): number {
    const doc = this.count++;
    if (doc >= this.lengths.length) {
      const capacity = Math.max(16, this.lengths.length * 2);
      this.titleTerms = grown(this.titleTerms, capacity);
      this.lengths = grown(this.lengths, capacity);
      this.removed = grown(this.removed, capacity);
    }
    d.termIds.forEach((id, i) => (this.addedPostings[id] ??= []).push(doc, d.freqs[i]));
    this.addedTerms.push(Int32Array.from(d.termIds));
    this.titleTerms[doc] = Math.min(d.titleTerms, 65_535);
    this.lengths[doc] = d.length;
    this.totalLength += d.length;
    return doc;
  }

  remove(doc: number): void {
    this.removed[doc] = 1;
  }

  isRemoved(doc: number): boolean {
    return this.removed[doc] === 1;
  }

  /** The document's distinct term ids, title terms first. */
  termsOf(doc: number): Int32Array {
    return doc < this.builtDocs ? this.packedTermIds.subarray(this.packedTermStart[doc], this.packedTermStart[doc + 1]) : this.addedTerms[doc - this.builtDocs];
  }

  titleTermCount(doc: number): number {
    return this.titleTerms[doc];
  }

  /** Documents holding term `id`, removed ones included. */
  documentFrequency(id: number): number {
    const packed = id + 1 < this.packedStart.length ? this.packedStart[id + 1] - this.packedStart[id] : 0;
    const added = this.addedPostings[id];
    return packed + (added ? added.length / 2 : 0);
  }

  /** Adds `weight` x the BM25+ score of term `id` to every document holding it (`bit`: which query term). */
  scoreTerm(id: number, weight: number, bit: number, add: (doc: number, score: number, bit: number) => void): void {
    const packed = id + 1 < this.packedStart.length;
    const start = packed ? this.packedStart[id] : 0;
    const end = packed ? this.packedStart[id + 1] : 0;
    const added = this.addedPostings[id];
    const df = end - start + (added ? added.length / 2 : 0);
    if (df === 0) return;
    const idf = Math.log(1 + (this.count - df + 0.5) / (df + 0.5));
    const { k, b, d } = BM25;
    const avg = this.totalLength / this.count;
    const lengths = this.lengths;
    for (let p = start; p < end; p++) {
      const doc = this.packedDocs[p];
      const tf = this.packedFreqs[p];
      add(doc, weight * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[doc]) / avg))), bit);
    }
    if (!added) return;
    for (let p = 0; p < added.length; p += 2) {
      const doc = added[p];
      const tf = added[p + 1];
      add(doc, weight * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[doc]) / avg))), bit);
    }
  }
}

/** A typed array of `capacity` holding the values of `from`. */
export function grown<T extends Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array>(from: T, capacity: number): T {
  if (from.length === capacity) return from;
  const out = new (from.constructor as new (n: number) => T)(capacity);
  out.set(from.subarray(0, Math.min(from.length, capacity)));
  return out;
}
