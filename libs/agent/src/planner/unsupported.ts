// Messages the rules cannot read: another language, emoji or punctuation only, keyboard mashing.
// They get the `unsupported` intent and no search: searching them as-is shows the shopper noise.

// Common words of the shop's other customers' languages (French, German, Spanish, Italian, Dutch),
// left out where English uses the same word ("die", "per", "a").
const FOREIGN_WORDS = new Set(
  (
    'je tu nous vous il elle une des du est sont pour avec cherche voudrais avez merci bonjour où quel quelle ' +
    'ich du wir sie eine einen ein und mit für bitte suche möchte haben meine mein ist der das nicht danke hallo ' +
    'el los las una por para quiero busco tienen tiene hay gracias hola tazas barato barata baratas baratos ' +
    'het een voor ik zoek heeft dank ' +
    'vorrei sono cerco grazie ciao favore tazza della delle questo'
  ).split(' '),
);
const ENGLISH_WORDS = new Set(
  'the a an and or for of to in on with my me i you your is are what show find any some under over please want need have do can'.split(' '),
);
const KEYBOARD_RUNS = /qwer|wert|erty|rtyu|tyui|yuio|uiop|asdf|sdfg|dfgh|fghj|ghjk|hjkl|zxcv|xcvb|cvbn|vbnm/;

/** Why a message cannot be read, or undefined when it can. */
export function unreadable(message: string): 'no-words' | 'other-language' | 'gibberish' | undefined {
  const text = message.toLowerCase().normalize('NFC');
  const letters = text.match(/\p{L}/gu) ?? [];
  if (!letters.length) return /\d{5}/.test(text) ? undefined : 'no-words';
  const latin = letters.filter((l) => /[a-z\u00c0-\u024f]/.test(l)).length;
  if (latin < letters.length / 2) return 'other-language';
  const words = text.match(/[\p{L}']+/gu) ?? [];
  let foreign = /[¿¡]/.test(text) ? 1 : 0;
  let english = 0;
  for (const word of words) {
    if (FOREIGN_WORDS.has(word)) foreign++;
    if (ENGLISH_WORDS.has(word)) english++;
  }
  if (foreign >= 2 && foreign > english) return 'other-language';
  const plain = words.filter((w) => /^[a-z]+$/.test(w));
  if (plain.length && plain.length === words.length && plain.every(isGibberish)) return 'gibberish';
  return undefined;
}

function isGibberish(word: string): boolean {
  if (word.length < 4) return false;
  return KEYBOARD_RUNS.test(word) || !/[aeiouy]/.test(word) || /[^aeiouy]{5}/.test(word);
}
