// The product words of a message: what is left once the words of shopping talk are dropped.
import { attributeKind, canonicalAttribute } from './attributes';

const FAMILY = [
  'mum', 'mom', 'mummy', 'mother', 'dad', 'daddy', 'father', 'nan', 'nana', 'nanna', 'gran', 'granny', 'grandma', 'grandmother',
  'grandad', 'granddad', 'grandpa', 'grandfather', 'grandson', 'granddaughter', 'grandkids', 'grandchildren', 'wife', 'husband',
  'partner', 'hubby', 'sister', 'brother', 'son', 'daughter', 'aunt', 'auntie', 'aunty', 'uncle', 'niece', 'nephew', 'cousin',
  'friend', 'friends', 'bestie', 'boyfriend', 'girlfriend', 'fiance', 'fiancee', 'boss', 'colleague', 'colleagues', 'teacher',
  'neighbour', 'neighbor', 'mate', 'mates', 'family', 'in-laws', 'mil', 'fil',
];

/** The message with courtesy and intent phrases blanked ("i'd like to", "could you", "for my mum"). */
export function dropFiller(text: string): string {
  return text.replace(FILLER_PHRASES, ' ');
}

// Phrases of courtesy, intent and context, dropped before the words are read.
const FILLER_PHRASES = new RegExp(
  [
    String.raw`\b(?:i'?m|i am|we'?re|we are|just)\s+(?:looking|searching|hunting|shopping|browsing)(?:\s+(?:for|around))?`,
    String.raw`\b(?:i'?m|i am|we'?re)\s+after\b`,
    String.raw`\b(?:i'?m|i am|we'?re|we are)\s+(?:trying|hoping|wanting|wanna)\s+to\s+(?:find|get|buy|order)?`,
    String.raw`\bany chance (?:you'?ve got|you have|of)?`,
    String.raw`\b(?:i|we)\s+(?:was|were)\s+wondering(?:\s+if)?`,
    String.raw`\b(?:i'?d|i would|we'?d|we would)\s+(?:like|love)(?:\s+to)?`,
    String.raw`\b(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:help\s+me\s+)?`,
    String.raw`\bhelp\s+me\s+(?:to\s+)?(?:find|pick|choose|get|with)?`,
    String.raw`\b(?:do|have)\s+(?:you|u)\s+(?:got|have|sell|do|stock|carry)\b`,
    String.raw`\bif (?:possible|you can|you have|any)\b`,
    String.raw`\b(?:in|out of) stock\b`,
    String.raw`\b(?:at|for) the moment\b|\bright now\b|\bthis (?:week|month|year)\b`,
    String.raw`\b(?:for|to) (?:my|our|his|her|their|a) (?:little |lovely |dear |best |old )?(?:[a-z]+'s\s+)?(?:${FAMILY.join('|')})\b`,
  ].join('|'),
  'g',
);


const STOPWORDS = new Set(
  (
    'a an the some any and or but with without for of to in on at by from is are was were be been being am i me my mine we us our ' +
    'you your yours u do does did doing done have has had having can could would should will shall may might must ' +
    'please pls plz thanks thank ta cheers help show find search searching look looking see get give want wants wanted need needs ' +
    'like love something anything things thing stuff item items product products one ones what which that this these those there ' +
    'here it its also just really very much more less than then cost costs costing priced price prices cheap cheaper cheapest ' +
    'expensive budget nice good great lovely cute buy buying purchase order shop store sell sells selling stock got see tell ' +
    'about let know okay ok hey hi hello well too as so if how when where who why recommend recommends recommendation ' +
    'recommendations suggest suggestion suggestions similar popular together bought often frequently goes go pair pairs ' +
    'pounds pound quid gbp pence £ same kind sort type other others else all available i\'m im i\'d id i\'ve ive i\'ll we\'re ' +
    "you're it's that's what's whats where's there's here's don't dont doesn't haven't havent hasn't isn't can't cant won't " +
    'after wondering wonder browsing browse pick choose maybe perhaps possibly possible new next few couple lot lots bit ' +
    'today tonight tomorrow now moment soon asap week weekend month year time again still yet usually ever already ' +
    'she he her him his they them their hers theirs both each every either come comes came coming say says said check ' +
    'hmm hm um umm erm oh ah yes yeah no not nothing way sure morning afternoon evening yo hiya ' +
    'orders purchases purchased invoices invoice history segment segments profile account details customer customers ' +
    "only before never size sized colour color colours colors style version think trying chance you've youve loves love likes enjoys into " +
    'best sellers seller bestsellers bestseller trending people everyone ideas idea surprise usually delivery shipping parcel'
  ).split(' '),
);
for (const word of FAMILY) STOPWORDS.add(word);

/** Distinct words of a message worth searching for, attributes in the catalogue's spelling. */
export function searchTerms(rest: string): string[] {
  const words = rest
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(FILLER_PHRASES, ' ')
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9'\- ]/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ''))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w) && !/^\d+(?:st|nd|rd|th)?$/.test(w))
    .map((w) => (attributeKind(w) ? canonicalAttribute(w) : w));
  return [...new Set(words)];
}

/** Product words in search order: attributes first, then the rest as written ("jumbo bag in red" → "red jumbo bag"). */
export function searchQuery(terms: readonly string[]): string {
  const attributes = terms.filter((t) => attributeKind(t));
  return [...attributes, ...terms.filter((t) => !attributeKind(t))].join(' ');
}

/** The product type: the last non-attribute word before any "for/with/in" phrase ("clock for the kitchen" → "clock"). */
export function productType(rest: string): string | undefined {
  const head = rest.split(/\b(?:for|with|in|from|to|under|below|over|between)\b/)[0];
  const nouns = searchTerms(head).filter((t) => !attributeKind(t));
  return nouns.at(-1) ?? searchTerms(rest).filter((t) => !attributeKind(t)).at(-1);
}

/** The product name after a keyword ("something like the rabbit night light" → "rabbit night light"). */
export function nameAfter(text: string, keyword: RegExp): string | undefined {
  const match = new RegExp(String.raw`\b(?:${keyword.source})\b(.*)$`).exec(text);
  const terms = match ? searchTerms(match[match.length - 1] ?? '') : [];
  return terms.length ? terms.join(' ') : undefined;
}

export function hasNameAfter(text: string, keyword: RegExp): boolean {
  return nameAfter(text, keyword) !== undefined;
}
