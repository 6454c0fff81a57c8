import SearchableMap from 'minisearch/SearchableMap';
import { BM25, grown, LexicalPostings } from './lexical-postings';
import { analyseDocuments, Vocabulary, type LexicalDocument, type LexicalParts } from './lexical-vocabulary';
import { parseQuery, SPLIT_WEIGHT, type ParsedQuery, type QueryVocabulary } from './query-parser';
import { TopK } from './top-k';

export type { LexicalDocument } from './lexical-vocabulary';
export type { ParsedQuery } from './query-parser';

/** How fully a document answers a query (see LexicalIndex.coverage). */
export type Coverage = 'exact' | 'all' | 'head' | 'partial';

export interface LexicalHit {
  /** Document number: the product's position in the build, then the order documents were added in. */
  doc: number;
  score: number;
  /** Document terms the query matched (after typo and prefix expansion). */
  terms: string[];
}

export interface LexicalSearch {
  query: ParsedQuery;
  hits: LexicalHit[];
  /** Matches before the cut to `limit`. */
  total: number;
}

/** A whole-query product id match counts double a title word. */
const PRODUCT_ID_BOOST = 2;
/**
 * A word the catalogue does not know is a typo or a partial word: its fuzzy and prefix matches
 * are what was meant, so they get back the weight the expansion takes off them.
 */
const UNKNOWN_TERM_BOOST = 2;
/** Query words beyond this are ignored (matched-word bookkeeping is a 32-bit mask). */
const MAX_QUERY_WORDS = 32;
/** Both parts of a compound term are at least this long. */
const MIN_COMPOUND_PART = 3;

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
  private readonly queryVocabulary: QueryVocabulary;
  /** Last part -> catalogue terms made of a known word and it (see QueryVocabulary.compoundsEndingWith). */
  private readonly compounds = new Map<string, number[]>();
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
    this.queryVocabulary = {
      id: (term) => this.vocabulary.id(term),
      name: (id) => this.vocabulary.names[id],
      documentFrequency: (id) => this.postings.documentFrequency(id),
      termIds: this.termIds,
      compoundsEndingWith: (term) => this.compounds.get(term) ?? [],
    };
    this.vocabulary.names.forEach((name, id) => this.addCompound(name, id));
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
    for (let id = known; id < this.vocabulary.size; id++) {
      this.termIds.set(this.vocabulary.names[id], id);
      this.addCompound(this.vocabulary.names[id], id);
    }
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
   * How fully a document answers a query: `exact` when its title's words are exactly the query's
   * (or the query is its product id), `all` when it holds every query word (or a typo, completion
   * or split of it), `head` when it holds the word naming the product ("lantern" of "red
   * lantern") but not every other, else `partial`.
   */
  coverage(doc: number, query: ParsedQuery, productId: string, text: string): Coverage {
    if (productId.toLowerCase() === text.trim().toLowerCase()) return 'exact';
    if (query.words.length === 0) return 'partial';
    const terms = this.postings.termsOf(doc);
    const titleTerms = this.postings.titleTermCount(doc);
    const holds = (id: number) => terms.indexOf(id) >= 0;
    const satisfied = query.words.map((w) => {
      for (const id of w.matches.keys()) if (holds(id)) return true;
      return w.splits.some(([a, b]) => holds(a) && holds(b));
    });
    for (const { id, first } of query.joined) if (holds(id)) satisfied[first] = satisfied[first + 1] = true;
    if (!satisfied.every(Boolean)) return satisfied[query.head] && query.words.length > 1 ? 'head' : 'partial';
    // Exact: the title's words are the query's words (attribute words never make a name).
    const named = query.words.length === titleTerms && query.words.every((w) => w.own !== undefined && terms.indexOf(w.own) >= 0 && terms.indexOf(w.own) < titleTerms);
    return named ? 'exact' : 'all';
  }

  /** A query's words and the catalogue terms that satisfy each (see ParsedQuery). */
  parse(text: string): ParsedQuery {
    return parseQuery(text, this.queryVocabulary, MAX_QUERY_WORDS);
  }

  search(text: string, options: { limit: number; accept?: (doc: number) => boolean }): LexicalSearch {
    const query = this.parse(text);
    const terms = query.terms;
    if (query.words.length === 0 || this.documentCount === 0) return { query, hits: [], total: 0 };
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

    query.words.forEach((w, i) => {
      const bit = 1 << i;
      const boost = query.unknown[i] ? UNKNOWN_TERM_BOOST : 1;
      for (const [id, weight] of w.matches) {
        matchedTermIds.add(id);
        this.postings.scoreTerm(id, weight * boost, bit, add);
      }
      for (const [a, b] of w.splits) {
        for (const id of [a, b]) {
          if (w.matches.has(id)) continue;
          matchedTermIds.add(id);
          this.postings.scoreTerm(id, SPLIT_WEIGHT * boost, bit, add);
        }
      }
      const codeDocs = this.productIds.get(w.word);
      if (codeDocs) {
        const idf = Math.log(1 + (this.documentCount - codeDocs.length + 0.5) / (codeDocs.length + 0.5));
        for (const doc of codeDocs) add(doc, PRODUCT_ID_BOOST * idf * (BM25.d + 1), bit);
      }
    });
    for (const { id, first } of query.joined) {
      matchedTermIds.add(id);
      this.postings.scoreTerm(id, 1, (1 << first) | (1 << (first + 1)), add);
    }
    // An id with separators (`SKU-000123`) is no single term: the whole query may still name it.
    const whole = text.trim().toLowerCase();
    const wholeDocs = terms.includes(whole) ? undefined : this.productIds.get(whole);
    if (wholeDocs) {
      const idf = Math.log(1 + (this.documentCount - wholeDocs.length + 0.5) / (wholeDocs.length + 0.5));
      const allTerms = 2 ** query.words.length - 1;
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

  private matchedTerms(doc: number, termIds: ReadonlySet<number>): string[] {
    const out: string[] = [];
    for (const id of this.postings.termsOf(doc)) if (termIds.has(id)) out.push(this.vocabulary.names[id]);
    return out;
  }

  /** Files a term made of two known words (DOOR + MAT) under its last part. */
  private addCompound(name: string, id: number): void {
    if (name.length < 2 * MIN_COMPOUND_PART || /\d/.test(name)) return;
    for (let k = MIN_COMPOUND_PART; k + MIN_COMPOUND_PART <= name.length; k++) {
      const last = name.slice(k);
      if (!this.vocabulary.has(name.slice(0, k)) || !this.vocabulary.has(last)) continue;
      const list = this.compounds.get(last);
      if (list) list.push(id);
      else this.compounds.set(last, [id]);
      return;
    }
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
