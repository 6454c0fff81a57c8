// Splits a message into the asks it holds: "a teapot under £10 and show me my last order" is two.
// Sentences always split; within one, a comma or "and/also/then/plus" splits only when what
// follows starts a new ask (a verb, a question word, "my", an article) or both sides name
// products, so "red and white bunting", "cups and saucers" and "between 1 and 3" stay whole.

const SENTENCE_END = /[.!?;]+(?=\s|$)|\n+/;
const JOINERS = /\s*(?:,|\s[-–—])\s*(?:and\s+(?:also\s+|then\s+)?|also\s+|then\s+|plus\s+)?|\s+(?:and\s+also|and\s+then|and|also|then|plus|as well as)\s+/g;
const NEW_ASK =
  /^(?:show|find|get|give|tell|list|search|what|what's|whats|which|how|who|where|when|can|could|would|will|do|does|did|is|are|any|anything|something|some|a|an|my|recommend|suggest|i|i'm|im|i'd|need|want|maybe|perhaps|best|popular|trending|top)\b|^\d{1,3}\s+(?!pounds?\b|quid\b|p\b|pence\b)[a-z]/;
const LEADING_CONNECTIVES = /^(?:\W*(?:and|also|then|plus|oh|but|so|ok|okay|well|hmm+|um+|erm|right|cool|great|lovely|perfect)\b[\s,]*)+/;
const WORDS_ONLY = /^[\s\W]*$/;
// "..., he loves gardening": a piece about the person describes the ask before it.
const DESCRIBES = /^(?:he|she|they|he's|she's|they're|who|which)\b/;

/** The asks of a message, lower case, in order. `hasProductWords` tells a list item from a modifier. */
export function splitClauses(message: string, hasProductWords: (text: string) => boolean): string[] {
  const clauses: string[] = [];
  for (const sentence of message.toLowerCase().split(SENTENCE_END)) {
    const pieces: string[] = [];
    const separators: string[] = [];
    let last = 0;
    for (const match of sentence.matchAll(JOINERS)) {
      pieces.push(sentence.slice(last, match.index));
      separators.push(match[0]);
      last = match.index + match[0].length;
    }
    pieces.push(sentence.slice(last));
    let current = pieces[0];
    let inList = false;
    for (let i = 1; i < pieces.length; i++) {
      const right = strip(pieces[i]);
      const comma = /[,\-–—]/.test(separators[i - 1]);
      // "X, Y and Z": a comma between two products starts a list, and its "and" item is one more.
      const listItem: boolean = hasProductWords(right) && (inList || (comma && hasProductWords(current)));
      const newAsk = NEW_ASK.test(right) && !WORDS_ONLY.test(strip(current));
      if ((listItem || newAsk) && !DESCRIBES.test(right)) {
        inList ||= listItem && comma;
        clauses.push(current);
        current = pieces[i];
      } else current += separators[i - 1] + pieces[i];
    }
    clauses.push(current);
  }
  return clauses.map(strip).filter((c) => !WORDS_ONLY.test(c));
}

/** A clause without its leading "and", "oh", "also" and trailing punctuation. */
export function strip(clause: string): string {
  return clause.replace(LEADING_CONNECTIVES, '').replace(/[\s,]+$/, '').trim();
}
