import type SearchableMap from 'minisearch/SearchableMap';
import { isAttributeWord } from './attribute-words';
import { normalizeTerm, words } from './text-normalizer';

// minisearch's defaults: the weights of prefix and fuzzy expansions.
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Each half of a joined word the catalogue writes apart ("lunchbox" -> LUNCH BOX). */
export const SPLIT_WEIGHT = 0.6;
/** A compound holding the word at its end (DOORMAT for "mat"): found, but after the word itself (SWEETHEART is no "heart"). */
const COMPOUND_WEIGHT = 0.3;
/** Halves of a split are at least this long: "bagel" is no "bag" + "el". */
const MIN_SPLIT_PART = 3;
/**
 * A catalogue word in at most this many documents, with a near neighbour in several times as
 * many, is likely itself a misspelling (STRAWBERY beside STRAWBERRY): the neighbour is searched too.
 */
const RARE_DOCS = 2;
const COMMON_FACTOR = 3;
/** Shorter rare words are more often real variants (STRIPED beside STRIPE) than slips. */
const RARE_MIN_LENGTH = 8;

/** Words after which a shopper says what the product is for ("lunch box for kids"): the product type came before. */
const PURPOSE_WORDS = new Set(['for', 'to', 'with', 'from']);

/** What the parser reads of the index's vocabulary. */
export interface QueryVocabulary {
  id(term: string): number | undefined;
  name(id: number): string;
  /** Catalogue terms that are a known word followed by this one (DOORMAT for "mat"). */
  compoundsEndingWith(term: string): readonly number[];
  /** Documents holding the term. */
  documentFrequency(id: number): number;
  termIds: SearchableMap<number>;
}

/** One word of a query and the catalogue terms that satisfy it. */
export interface QueryWord {
  /** The normalised word as typed. */
  word: string;
  /** As typed, before normalising ("chrismas", whose singular "chrisma" is further from the catalogue's word). */
  typed: string;
  /** Its own term id when the catalogue knows it. */
  own?: number;
  /** Terms any one of which satisfies the word, with their weights: itself, completions, near misses. */
  matches: Map<number, number>;
  /** Term pairs that together satisfy it: the word joined, the catalogue apart ("lunchbox" -> lunch + box). */
  splits: [number, number][];
  /** A colour, size or material word: it describes; the other words name the product. */
  attribute: boolean;
}

/** A query as the index understands it. */
export interface ParsedQuery {
  /** Normalised terms searched: the words, joined pairs the catalogue knows ("polka dot" -> "polkadot") and split halves. */
  terms: string[];
  words: QueryWord[];
  /** A catalogue term two adjacent words make when joined, satisfying both (`first`, `first + 1`). */
  joined: { id: number; first: number }[];
  /** The word that names the product: the last one that is no attribute (else the last one). */
  head: number;
  /** True when the word is unknown to the catalogue (a typo or a partial word). */
  unknown: boolean[];
}

/** Parses a query against the catalogue's vocabulary (see ParsedQuery). */
export function parseQuery(text: string, vocabulary: QueryVocabulary, maxWords: number): ParsedQuery {
  const raw = words(text);
  const normalized = raw.map((w) => normalizeTerm(w));
  const out: QueryWord[] = [];
  const position: number[] = []; // raw index -> word index
  let beforePurpose: number | undefined;
  raw.forEach((r, i) => {
    const t = normalized[i];
    if (PURPOSE_WORDS.has(r) && out.length > 0) beforePurpose ??= out.length;
    if (!t) return;
    const same = out.findIndex((w) => w.word === t);
    if (same >= 0) return void (position[i] = same);
    if (out.length >= maxWords) return;
    position[i] = out.length;
    out.push({ word: t, typed: r, own: vocabulary.id(t), matches: new Map(), splits: [], attribute: isAttributeWord(t) });
  });
  const terms = out.map((w) => w.word);
  out.forEach((w, i) => {
    expand(w, i === out.length - 1, vocabulary);
    for (const [a, b] of w.splits) for (const id of [a, b]) terms.push(vocabulary.name(id));
  });
  const joined: { id: number; first: number }[] = [];
  for (let i = 0; i + 1 < raw.length; i++) {
    const first = position[i];
    const second = position[i + 1];
    if (first === undefined || second === undefined || second !== first + 1) continue;
    const name = normalizeTerm(`${raw[i]}${raw[i + 1]}`);
    const id = name === undefined ? undefined : vocabulary.id(name);
    if (id === undefined || name === undefined || terms.includes(name)) continue;
    terms.push(name);
    joined.push({ id, first });
  }
  const named = beforePurpose ?? out.length;
  let head = named - 1;
  while (head > 0 && out[head].attribute) head--;
  if (named > 0 && out[head].attribute) head = named - 1;
  return { terms, words: out, joined, head, unknown: out.map((w) => w.own === undefined) };
}

/** Fills a word's matches and splits: itself, completions (last or unknown word), near misses, split halves. */
function expand(w: QueryWord, last: boolean, vocabulary: QueryVocabulary): void {
  const term = w.word;
  const own = w.own;
  const known = own !== undefined;
  if (known) w.matches.set(own, 1);
  // A compound naming the same thing ("mat": DOORMAT).
  if (term.length >= 3) for (const id of vocabulary.compoundsEndingWith(term)) if (!w.matches.has(id)) w.matches.set(id, COMPOUND_WEIGHT);
  if (term.length >= 3 && (last || !known)) {
    for (const [name, id] of vocabulary.termIds.atPrefix(term)) {
      const distance = name.length - term.length;
      if (distance > 0) w.matches.set(id, (PREFIX_WEIGHT * name.length) / (name.length + 0.3 * distance));
    }
  }
  if (/\d/.test(term)) return;
  const fuzzy = (maxEdits: number, keep: (id: number) => boolean, of = term) => {
    for (const [name, [id, distance]] of vocabulary.termIds.fuzzyGet(of, maxEdits)) {
      if (distance > 0 && !w.matches.has(id) && keep(id)) w.matches.set(id, (FUZZY_WEIGHT * name.length) / (name.length + distance));
    }
  };
  if (own === undefined) {
    const maxEdits = term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
    if (maxEdits > 0) fuzzy(maxEdits, () => true);
    if (maxEdits > 0 && w.typed !== term) fuzzy(maxEdits, () => true, w.typed); // its "s" may be its own
    // Swapped letters ("lantren", "pnik") are two edits to Levenshtein, one slip to a typist.
    for (let i = 0; i + 1 < term.length && term.length >= 3; i++) {
      const swapped = term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2);
      const id = vocabulary.id(swapped);
      if (id !== undefined && !w.matches.has(id)) w.matches.set(id, (FUZZY_WEIGHT * term.length) / (term.length + 1));
    }
  } else if (term.length >= RARE_MIN_LENGTH && vocabulary.documentFrequency(own) <= RARE_DOCS) {
    const rare = vocabulary.documentFrequency(own);
    fuzzy(1, (id) => vocabulary.documentFrequency(id) >= COMMON_FACTOR * Math.max(1, rare));
  }
  // A joined word the catalogue may write apart (also when it writes it joined elsewhere: CAKESTAND, CAKE STAND).
  let best: [number, number] | undefined;
  let bestShort = 0;
  for (let k = MIN_SPLIT_PART; k + MIN_SPLIT_PART <= term.length; k++) {
    const a = vocabulary.id(term.slice(0, k));
    const rest = normalizeTerm(term.slice(k));
    const b = rest === undefined ? undefined : vocabulary.id(rest);
    const short = Math.min(k, term.length - k);
    if (a !== undefined && b !== undefined && short > bestShort) [best, bestShort] = [[a, b], short];
  }
  if (best) w.splits.push(best);
}
