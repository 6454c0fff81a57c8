import { attributeKind, canonicalAttribute, COLOURS } from './attributes';
import { findCountry } from './shop-countries';

export { COLOURS };

export interface PriceBounds {
  minPrice?: number;
  maxPrice?: number;
}

export interface MessageEntities extends PriceBounds {
  /** Stock codes written in the message, e.g. 85123A. */
  productIds: string[];
  colours: string[];
  /** Colour, material and size words in the catalogue's spelling, in message order. */
  attributes: string[];
  country?: string;
  /** Zero-based index of "the second one", "#3", "the last one" (-1). */
  ordinal?: number;
  /** A customer id the message names ("customer 12345"), which the agent never uses for reads. */
  namedCustomerId?: string;
  /** An invoice the message names ("order 536365"). */
  orderRef?: string;
  /** How many the shopper wants ("6 mugs", "a dozen"). */
  quantity?: number;
  /** The message without price, country, ordinal, quantity and customer phrases, lower case. */
  rest: string;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, 'a hundred': 100, dozen: 12, 'a dozen': 12,
};
const NUMBER_WORD = Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|');

// An amount with an optional currency: "£5", "5 quid", "4.50", "50p", "gbp 3".
const AMOUNT = String.raw`(?:£|gbp\s*)?\s*(\d+(?:[.,]\d{1,2})?)\s*(£|pounds?|quid|gbp|p\b|pence)?`;
const MAX_WORDS = String.raw`nothing (?:over|above|more than)|not (?:over|above|more than)|no (?:more|higher) than|under|below|less than|cheaper than|up to|upto|at most|max(?:imum)?|within|sub|<|budget(?: of| is)?|(?:i'?ve |i have )?(?:only )?got|spend(?:ing)?(?: up to)?`;
const MIN_WORDS = String.raw`over|above|more than|at least|min(?:imum)?|starting at|>`;
const ORDINALS: Record<string, number> = {
  first: 0, '1st': 0, second: 1, '2nd': 1, third: 2, '3rd': 2, fourth: 3, '4th': 3, fifth: 4, '5th': 4,
  sixth: 5, '6th': 5, seventh: 6, eighth: 7, ninth: 8, tenth: 9, last: -1,
};
// Stock codes: five digits and up to two letters (85123A, 22423, 84029E), not part of a longer number.
const STOCK_CODE = /(?<![\w.£])(\d{5}[a-z]{0,2})(?![\w.])/gi;
const NOT_A_THING = String.raw`(?:pounds?|quid|p|pence|gbp|orders?|purchases?|st|nd|rd|th|of|and|to|or|x|tiers?|pieces?|packs?|pcs?|cm|mm|inch(?:es)?|ml|litres?|m|l|days?|weeks?|months?|years?)\b`;

// Compiled once: a planner turn reads every message against all of them.
const RE = {
  customer: /\b(?:customer|user|client|account)\s*(?:id|number|no\.?|#)?\s*#?\s*(\d{3,})\b/g,
  orderRef: /\b(?:order|invoice)\s*(?:no\.?|number|#)?\s*#?\s*(c?\d{6})\b/g,
  between: new RegExp(String.raw`\b(?:between|from)\s+${AMOUNT}\s*(?:and|-|to)\s*${AMOUNT}`, 'g'),
  poundRange: /£\s*(\d+(?:\.\d{1,2})?)\s*(?:-|to)\s*£?\s*(\d+(?:\.\d{1,2})?)/g,
  maxBefore: new RegExp(String.raw`(?:for\s+|costing\s+|priced\s+)?(?:${MAX_WORDS})\s*(?:about\s+|around\s+)?${AMOUNT}`, 'g'),
  maxAfter: new RegExp(String.raw`${AMOUNT}\s*(?:or (?:less|under|below|cheaper)|and under|max(?:imum)?|tops|at most)\b`, 'g'),
  minAfter: new RegExp(String.raw`${AMOUNT}\s*(?:or (?:more|over|above)|and (?:up|over|above)|\+|plus\b)`, 'g'),
  minBefore: new RegExp(String.raw`(?:${MIN_WORDS})\s*${AMOUNT}`, 'g'),
  // "from" also introduces places and products, so only "from £5" is a price.
  fromPound: /\bfrom\s*£\s*(\d+(?:[.,]\d{1,2})?)/g,
  // "for 5 quid", "for £5", "about £5": the shopper's budget, when a currency says it is money.
  budget: /\b(?:for|at|about|around)\s+(?:about\s+|around\s+)?(?:£\s*(\d+(?:[.,]\d{1,2})?)|(\d+(?:[.,]\d{1,2})?)\s*(quid|pounds?|p\b|pence))/g,
  numbered: /\b(?:the\s+)?(?:number\s+|#\s*)(\d{1,2})(?:\s*(?:one|item|product))?\b/g,
  ordinal: new RegExp(String.raw`\b(?:the\s+)?(${Object.keys(ORDINALS).join('|')})\s+(?:one|item|product|thing)s?\b`, 'g'),
  quantity: new RegExp(String.raw`(?<!\b(?:of|last|latest|past|recent|previous|top|first)\s)\b(\d{1,3}|${NUMBER_WORD})\s+(?!${NOT_A_THING})(?=[a-z])`, 'g'),
  numberBefore: new RegExp(String.raw`\b(between|from)\s+(${NUMBER_WORD})\b`, 'g'),
  numberMoney: new RegExp(String.raw`\b(${NUMBER_WORD})\s+(pounds?|quid)\b`, 'g'),
};

/** Extracts prices, stock codes, attributes, a country, a quantity and "the Nth one" from a shopper's message. */
export function extractEntities(message: string): MessageEntities {
  let rest = ` ${normaliseMoney(message.toLowerCase().replace(/[’']/g, "'"))} `;
  const take = (pattern: RegExp, on: (m: RegExpExecArray) => void) => {
    let match: RegExpExecArray | null;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(rest))) {
      on(match);
      rest = rest.slice(0, match.index) + ' ' + rest.slice(match.index + match[0].length);
      pattern.lastIndex = 0;
      if (!pattern.global) break;
    }
  };
  const out: MessageEntities = { productIds: [], colours: [], attributes: [], rest: '' };
  const amount = (m: RegExpExecArray, at: number) => num(m[at], m[at + 1]);

  take(RE.customer, (m) => (out.namedCustomerId = m[1]));
  take(RE.orderRef, (m) => (out.orderRef = m[1].toUpperCase()));
  take(RE.between, (m) => {
    const [a, b] = [num(m[1], m[2] ?? m[4]), amount(m, 3)];
    out.minPrice = Math.min(a, b);
    out.maxPrice = Math.max(a, b);
  });
  take(RE.poundRange, (m) => {
    out.minPrice = num(m[1]);
    out.maxPrice = num(m[2]);
  });
  take(RE.maxBefore, (m) => (out.maxPrice = amount(m, 1)));
  take(RE.maxAfter, (m) => (out.maxPrice = amount(m, 1)));
  take(RE.minAfter, (m) => (out.minPrice = amount(m, 1)));
  take(RE.minBefore, (m) => (out.minPrice = amount(m, 1)));
  take(RE.fromPound, (m) => (out.minPrice = num(m[1])));
  take(RE.budget, (m) =>
    out.maxPrice ??= m[1] !== undefined ? num(m[1]) : num(m[2], m[3]),
  );

  const country = findCountry(rest);
  if (country) {
    out.country = country.country;
    rest = rest.replace(country.phrase, ' ');
  }
  take(RE.numbered, (m) => (out.ordinal = Number(m[1]) - 1));
  take(RE.ordinal, (m) => (out.ordinal = ORDINALS[m[1]]));
  take(STOCK_CODE, (m) => out.productIds.push(m[1].toUpperCase()));
  take(RE.quantity, (m) => {
    out.quantity ??= NUMBER_WORDS[m[1]] ?? Number(m[1]);
  });
  for (const word of rest.match(/[a-z]+/g) ?? []) {
    const kind = attributeKind(word);
    const canonical = canonicalAttribute(word);
    if (kind && !out.attributes.includes(canonical)) out.attributes.push(canonical);
    if (kind === 'colour' && !out.colours.includes(canonical)) out.colours.push(canonical);
  }
  out.rest = rest.replace(/\s+/g, ' ').trim();
  return out;
}

/** "a fiver", "ten quid", "twenty pounds" → "£5", "£10", "£20", so one amount grammar reads them all. */
function normaliseMoney(text: string): string {
  return text
    .replace(RE.numberBefore, (_, w: string, n: string) => `${w} ${NUMBER_WORDS[n]}`)
    .replace(/\b(?:a\s+)?fiver\b/g, '£5')
    .replace(/\b(?:a\s+)?tenner\b/g, '£10')
    .replace(RE.numberMoney, (_, n: string) => `£${NUMBER_WORDS[n]}`);
}

function num(text: string, unit?: string): number {
  const value = Number(text.replace(',', '.'));
  return unit === 'p' || unit === 'pence' ? Math.round(value) / 100 : value;
}
