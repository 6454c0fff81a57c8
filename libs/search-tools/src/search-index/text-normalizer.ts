/**
 * Turns descriptions and queries into the same normalised terms, so "Lanterns", "LANTERN" and
 * "lantern" meet: lowercase, plural -> singular, a few spelling synonyms, hyphenated words kept
 * both split and joined ("T-LIGHT" -> "light", "tlight").
 */

// Words too common in queries to carry meaning; product names rarely rely on them.
const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'with', 'in', 'on', 'to', 'by', 'or']);

// Spelling variants shoppers type; mapped onto the catalogue's spelling.
const SYNONYMS: Record<string, string> = {
  gray: 'grey',
  colour: 'color',
  colours: 'color',
  tealight: 'tlight',
  xmas: 'christmas',
};

// Words ending in "s" that are not plurals; stripping would only add noise.
const KEEP_S = new Set(['christmas', 'glass', 'cactus', 'bus', 'dress', 'this', 'was', 'kiss', 'moss', 'gas', 'us', 'its', 'chess', 'cross', 'class', 'grass', 'lotus']);

/** Light stemmer: plural to singular only, so partial-word matching still works on the stem. */
export function singular(word: string): string {
  if (word.length <= 3 || KEEP_S.has(word) || !word.endsWith('s') || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  return word.slice(0, -1);
}

/** One raw word (lowercase letters and digits) to its index term, or undefined to drop it. */
export function normalizeTerm(raw: string): string | undefined {
  const word = raw.toLowerCase();
  if (STOP_WORDS.has(word)) return undefined;
  // Single letters ("t" of T-LIGHT) match far too much; single digits ("3 tier") stay.
  if (word.length === 1 && !/\d/.test(word)) return undefined;
  const mapped = SYNONYMS[word] ?? word;
  return singular(mapped);
}

/** Raw words of a text: alphanumeric runs, plus the joined form of hyphenated/apostrophe words. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.toLowerCase().split(/[\s,./&+()"!:;]+/)) {
    if (!chunk) continue;
    const parts = chunk.split(/[^a-z0-9]+/).filter(Boolean);
    out.push(...parts);
    if (parts.length > 1) out.push(parts.join(''));
  }
  return out;
}

/** Normalised terms of a text, in order, duplicates kept (BM25 counts them). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const term = normalizeTerm(w);
    if (term) out.push(term);
  }
  return out;
}
