import SearchableMap from 'minisearch/SearchableMap';
import { BM25, grown, LexicalPostings } from './lexical-postings';
import { analyseDocuments, Vocabulary, type LexicalDocument, type LexicalParts } from './lexical-vocabulary';
import { normalizeTerm, words } from './text-normalizer';
import { TopK } from './top-k';

export type { LexicalDocument } from './lexical-vocabulary';

export interface LexicalHit {
  /** Document number: the product's position in the build, then the order documents were added in. */
  doc: number;
  score: number;
  /** Document terms the query matched (after typo and prefix expansion). */
  terms: string[];
}

/** A query as the index understands it. */
export interface ParsedQuery {
  /** Normalised terms searched, with joined pairs the catalogue knows ("polka dot" -> "polkadot"). */
  terms: string[];
  /** Per query word, the terms any of which satisfies it (itself, or a joined pair holding it). */
  required: string[][];
}

export interface LexicalSearch {
  query: ParsedQuery;
  hits: LexicalHit[];
  /** Matches before the cut to `limit`. */
  total: number;
}

// minisearch's defaults: the weights of prefix and fuzzy expansions.
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** A whole-query product id match counts double a title word. */
const PRODUCT_ID_BOOST = 2;
/**
 * A word the catalogue does not know is a typo or a partial word: its fuzzy and prefix matches
 * are what was meant, so they get back the weight the expansion takes off them.
 */
const UNKNOWN_TERM_BOOST = 2;
/** Query terms beyond this are ignored (matched-term bookkeeping is a 32-bit mask). */
const MAX_QUERY_TERMS = 32;

/**
 * BM25+ ranking over titles and attribute words, with product ids as exact terms. Typo and prefix
 * tolerance come from minisearch's radix tree (SearchableMap: `fuzzyGet`, `atPrefix`): words the
 * catalogue does not know get up to 1 edit from 4 letters and 2 from 8, and prefix completion
 * from 3 letters, as does the last word (it may still be being typed). Scoring follows
 * minisearch's own formula (BM25+, prefix/fuzzy weights, score x matched query terms) but runs
 * over typed-array postings: minisearch's per-document result objects cost ~12 ms a query at
 * 100,000 products, this ~1 ms. Documents can be added and removed after the build (see
 * LexicalPostings), so a changed product is found at once without rebuilding. The build's
 * tokenising and packing (analyseDocuments) can run in a worker thread; what stays here is
 * cheap: the term dictionary and the product-id lookup.
 */
export class LexicalIndex {
  private readonly termIds: SearchableMap<number>;
  private readonly vocabulary: Vocabulary;
  private readonly postings: LexicalPostings;
  private readonly productIds = new Map<string, number[]>();
  // Scratch space reused by every search; a generation stamp marks what this search touched.
  private scores: Float64Array;
  private matched: Uint32Array;
  private stamp: Uint32Array;
  private generation = 0;

  /** An index over built parts; `productIds[i]` is the product of document i. */
  constructor(parts: LexicalParts, productIds: readonly string[]) {
    if (productIds.length !== parts.postings.lengths.length) throw new Error(`lexical parts hold ${parts.postings.lengths.length} documents, not ${productIds.length}`);
    this.vocabulary = new Vocabulary(parts.termNames);
    this.postings = new LexicalPostings(parts.postings);
    this.termIds = SearchableMap.from(this.vocabulary.entries());
    productIds.forEach((id, doc) => this.addProductId(id, doc));
    const capacity = Math.max(16, productIds.length);
    this.scores = new Float64Array(capacity);
    this.matched = new Uint32Array(capacity);
    this.stamp = new Uint32Array(capacity);
  }

  /** Builds every part in this thread (small catalogues, specs). */
  static build(docs: readonly LexicalDocument[]): LexicalIndex {
    return new LexicalIndex(analyseDocuments(docs), docs.map((d) => d.id));
  }

  /** Adds a document after the build; returns its number (the next after the last one). */
  append(d: LexicalDocument): number {
    const known = this.vocabulary.size;
    const doc = this.postings.append(this.vocabulary.analyse(d));
    for (let id = known; id < this.vocabulary.size; id++) this.termIds.set(this.vocabulary.names[id], id);
    this.addProductId(d.id, doc);
    if (doc >= this.scores.length) {
      const capacity = this.scores.length * 2;
      this.scores = grown(this.scores, capacity);
      this.matched = grown(this.matched, capacity);
      this.stamp = grown(this.stamp, capacity);
    }
    return doc;
  }

  /** Takes a document out of every later search. */
  remove(doc: number, productId: string): void {
    this.postings.remove(doc);
    const code = productId.toLowerCase();
    const same = this.productIds.get(code)?.filter((d) => d !== doc);
    if (same?.length) this.productIds.set(code, same);
    else this.productIds.delete(code);
  }

  isRemoved(doc: number): boolean {
    return this.postings.isRemoved(doc);
  }

  /** Documents ever held, removed ones included. */
  get documentCount(): number {
    return this.postings.documentCount;
  }

  hasTerm(term: string): boolean {
    return this.vocabulary.has(term);
  }

  /**
   * How fully a document answers a query: `exact` when its words are exactly the query's (or the
   * query is its product id), `all` when it holds every query word, else `partial`.
   */
  coverage(doc: number, query: ParsedQuery, productId: string, text: string): 'exact' | 'all' | 'partial' {
    if (productId.toLowerCase() === text.trim().toLowerCase()) return 'exact';
    if (query.required.length === 0) return 'partial';
    const terms = this.postings.termsOf(doc);
    const titleTerms = this.postings.titleTermCount(doc);
    const at = (term: string) => {
      const id = this.vocabulary.id(term);
      return id === undefined ? -1 : terms.indexOf(id);
    };
    if (!query.required.every((alts) => alts.some((t) => at(t) >= 0))) return 'partial';
    // Exact: the title's words are the query's words (attribute words never make a name).
    const named = query.required.length === titleTerms && query.required.every((alts) => {
      const i = at(alts[0]);
      return i >= 0 && i < titleTerms;
    });
    return named ? 'exact' : 'all';
  }

  /** Normalised terms of a query, plus adjacent pairs whose concatenation is a catalogue term. */
  parse(text: string): ParsedQuery {
    const raw = words(text);
    const normalized = raw.map((w) => normalizeTerm(w));
    const required: string[][] = [];
    for (const t of normalized) if (t && !required.some((alts) => alts[0] === t)) required.push([t]);
    const terms = required.map((alts) => alts[0]);
    for (let i = 0; i + 1 < raw.length; i++) {
      const joined = normalizeTerm(`${raw[i]}${raw[i + 1]}`);
      if (!joined || !this.vocabulary.has(joined) || terms.includes(joined)) continue;
      terms.push(joined);
      for (const alts of required) if (alts[0] === normalized[i] || alts[0] === normalized[i + 1]) alts.push(joined);
    }
    return { terms, required };
  }

  search(text: string, options: { limit: number; accept?: (doc: number) => boolean }): LexicalSearch {
    const query = this.parse(text);
    const terms = query.terms.slice(0, MAX_QUERY_TERMS);
    if (terms.length === 0 || this.documentCount === 0) return { query, hits: [], total: 0 };
    const generation = this.nextGeneration();
    const touched: number[] = [];
    const matchedTermIds = new Set<number>();
    const add = (doc: number, score: number, bit: number) => {
      if (this.stamp[doc] !== generation) {
        this.stamp[doc] = generation;
        this.scores[doc] = 0;
        this.matched[doc] = 0;
        touched.push(doc);
      }
      this.scores[doc] += score;
      this.matched[doc] |= bit;
    };

    terms.forEach((term, i) => {
      const bit = 1 << i;
      const boost = this.vocabulary.has(term) ? 1 : UNKNOWN_TERM_BOOST;
      for (const [id, weight] of this.expansions(term, i === terms.length - 1)) {
        matchedTermIds.add(id);
        this.postings.scoreTerm(id, weight * boost, bit, add);
      }
      const codeDocs = this.productIds.get(term);
      if (codeDocs) {
        const idf = Math.log(1 + (this.documentCount - codeDocs.length + 0.5) / (codeDocs.length + 0.5));
        for (const doc of codeDocs) add(doc, PRODUCT_ID_BOOST * idf * (BM25.d + 1), bit);
      }
    });
    // An id with separators (`SKU-000123`) is no single term: the whole query may still name it.
    const whole = text.trim().toLowerCase();
    const wholeDocs = terms.includes(whole) ? undefined : this.productIds.get(whole);
    if (wholeDocs) {
      const idf = Math.log(1 + (this.documentCount - wholeDocs.length + 0.5) / (wholeDocs.length + 0.5));
      const allTerms = 2 ** terms.length - 1;
      for (const doc of wholeDocs) add(doc, PRODUCT_ID_BOOST * idf * (BM25.d + 1), allTerms);
    }

    const best = new TopK(options.limit);
    let total = 0;
    for (const doc of touched) {
      if (this.postings.isRemoved(doc) || (options.accept && !options.accept(doc))) continue;
      total++;
      // Like minisearch: a document matching more query words ranks above one matching fewer.
      best.offer(doc, this.scores[doc] * popCount(this.matched[doc]));
    }
    const hits = best.sorted().map(({ doc, score }) => ({ doc, score, terms: this.matchedTerms(doc, matchedTermIds) }));
    return { query, hits, total };
  }

  /** Catalogue terms a query term stands for, with their weights: itself, completions, near misses. */
  private expansions(term: string, last: boolean): Map<number, number> {
    const out = new Map<number, number>();
    const exact = this.vocabulary.id(term);
    if (exact !== undefined) out.set(exact, 1);
    const known = exact !== undefined;
    if (term.length >= 3 && (last || !known)) {
      for (const [name, id] of this.termIds.atPrefix(term)) {
        const distance = name.length - term.length;
        if (distance > 0) out.set(id, (PREFIX_WEIGHT * name.length) / (name.length + 0.3 * distance));
      }
    }
    const maxEdits = known || /\d/.test(term) ? 0 : term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
    if (maxEdits > 0) {
      for (const [name, [id, distance]] of this.termIds.fuzzyGet(term, maxEdits)) {
        if (distance > 0 && !out.has(id)) out.set(id, (FUZZY_WEIGHT * name.length) / (name.length + distance));
      }
    }
    return out;
  }

  private matchedTerms(doc: number, termIds: ReadonlySet<number>): string[] {
    const out: string[] = [];
    for (const id of this.postings.termsOf(doc)) if (termIds.has(id)) out.push(this.vocabulary.names[id]);
    return out;
  }

  private addProductId(productId: string, doc: number): void {
    const code = productId.toLowerCase();
    const same = this.productIds.get(code);
    if (same) same.push(doc);
    else this.productIds.set(code, [doc]);
  }

  private nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

function popCount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}
