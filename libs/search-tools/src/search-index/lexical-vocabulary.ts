import { packPostings, type AnalysedDocument, type PostingsParts } from './lexical-postings';
import { tokenize } from './text-normalizer';

/** What the lexical index needs of a product. */
export interface LexicalDocument {
  id: string;
  title: string;
  /** Words it is found by besides its title (category and tag words): they match, but never make an exact name. */
  attributes?: string;
}

/**
 * A lexical index in compact, cloneable form: what a worker thread builds and transfers back
 * (the typed arrays move, the term names are copied), and LexicalIndex is made from.
 */
export interface LexicalParts {
  /** Term names by term id. */
  termNames: string[];
  postings: PostingsParts;
}

/** Term names <-> term ids; analysing a document gives new terms the next ids. */
export class Vocabulary {
  private readonly idOf = new Map<string, number>();

  readonly names: string[];

  /** Starts from these names (copied: the vocabulary grows, the parts it came from stay as they were). */
  constructor(names: readonly string[] = []) {
    this.names = [...names];
    this.names.forEach((name, id) => this.idOf.set(name, id));
  }

  get size(): number {
    return this.names.length;
  }

  id(term: string): number | undefined {
    return this.idOf.get(term);
  }

  has(term: string): boolean {
    return this.idOf.has(term);
  }

  entries(): IterableIterator<[string, number]> {
    return this.idOf.entries();
  }

  /** Term ids and counts of a document, title terms first; new terms join the vocabulary. */
  analyse(d: Omit<LexicalDocument, 'id'>): AnalysedDocument {
    const title = tokenize(d.title);
    const attributes = d.attributes ? tokenize(d.attributes) : [];
    const counts = new Map<number, number>();
    let titleTerms = 0;
    [title, attributes].forEach((terms, field) => {
      for (const t of terms) {
        let id = this.idOf.get(t);
        if (id === undefined) {
          this.idOf.set(t, (id = this.names.length));
          this.names.push(t);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      if (field === 0) titleTerms = counts.size;
    });
    return { termIds: [...counts.keys()], freqs: [...counts.values()], titleTerms, length: title.length + attributes.length };
  }
}

/** The CPU-heavy half of a lexical index build (tokenising and packing every document): runs in a worker at scale. */
export function analyseDocuments(docs: readonly Omit<LexicalDocument, 'id'>[]): LexicalParts {
  const vocabulary = new Vocabulary();
  const analysed = docs.map((d) => vocabulary.analyse(d));
  return { termNames: vocabulary.names, postings: packPostings(analysed, vocabulary.size) };
}
