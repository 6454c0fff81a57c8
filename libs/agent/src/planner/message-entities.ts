import { findCountry } from './shop-countries';

export interface PriceBounds {
  minPrice?: number;
  maxPrice?: number;
}

export interface MessageEntities extends PriceBounds {
  /** Stock codes written in the message, e.g. 85123A. */
  productIds: string[];
  colours: string[];
  country?: string;
  /** Zero-based index of "the second one", "#3", "the last one" (-1). */
  ordinal?: number;
  /** A customer id the message names ("customer 12345"), which the agent never uses for reads. */
  namedCustomerId?: string;
  /** The message without price, country, ordinal and customer phrases, lower case. */
  rest: string;
}

export const COLOURS = [
  'red', 'white', 'blue', 'green', 'pink', 'black', 'yellow', 'gold', 'silver', 'purple', 'ivory', 'cream', 'orange',
  'grey', 'gray', 'brown', 'turquoise', 'lilac',
];

const AMOUNT = String.raw`(?:£|gbp\s*)?(\d+(?:[.,]\d{1,2})?)\s*(?:£|pounds?|quid|gbp|p\b)?`;
const MAX_WORDS = String.raw`under|below|less than|cheaper than|up to|upto|at most|no more than|max(?:imum)?|within|<`;
const MIN_WORDS = String.raw`over|above|more than|at least|min(?:imum)?|starting at|>`;
const ORDINALS: Record<string, number> = {
  first: 0, '1st': 0, second: 1, '2nd': 1, third: 2, '3rd': 2, fourth: 3, '4th': 3, fifth: 4, '5th': 4,
  sixth: 5, '6th': 5, seventh: 6, eighth: 7, ninth: 8, tenth: 9, last: -1,
};
// Stock codes: five digits and up to two letters (85123A, 22423, 84029E), not part of a longer number.
const STOCK_CODE = /(?<![\w.£])(\d{5}[a-z]{0,2})(?![\w.])/gi;

/** Extracts prices, stock codes, colours, a country and "the Nth one" from a shopper's message. */
export function extractEntities(message: string): MessageEntities {
  let rest = ` ${message.toLowerCase().replace(/[’']/g, "'")} `;
  const take = (pattern: RegExp, on: (m: RegExpExecArray) => void) => {
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(rest))) {
      on(match);
      rest = rest.slice(0, match.index) + ' ' + rest.slice(match.index + match[0].length);
      pattern.lastIndex = 0;
      if (!pattern.global) break;
    }
  };
  const out: MessageEntities = { productIds: [], colours: [], rest: '' };

  take(/\b(?:customer|user|client|account)\s*(?:id|number|no\.?|#)?\s*#?\s*(\d{3,})\b/g, (m) => (out.namedCustomerId = m[1]));
  take(new RegExp(String.raw`\bbetween\s+${AMOUNT}\s*(?:and|-|to)\s*${AMOUNT}`, 'g'), (m) => {
    const [a, b] = [num(m[1]), num(m[2])];
    out.minPrice = Math.min(a, b);
    out.maxPrice = Math.max(a, b);
  });
  take(new RegExp(String.raw`(?:£\s*)(\d+(?:\.\d{1,2})?)\s*(?:-|to)\s*£?\s*(\d+(?:\.\d{1,2})?)`, 'g'), (m) => {
    out.minPrice = num(m[1]);
    out.maxPrice = num(m[2]);
  });
  take(new RegExp(String.raw`(?:for\s+|costing\s+|priced\s+)?(?:${MAX_WORDS})\s*${AMOUNT}`, 'g'), (m) => (out.maxPrice = num(m[1])));
  take(new RegExp(String.raw`(?:${MIN_WORDS})\s*${AMOUNT}`, 'g'), (m) => (out.minPrice = num(m[1])));
  // "from" also introduces places and products, so only "from £5" is a price.
  take(new RegExp(String.raw`\bfrom\s*£\s*(\d+(?:[.,]\d{1,2})?)`, 'g'), (m) => (out.minPrice = num(m[1])));

  const country = findCountry(rest);
  if (country) {
    out.country = country.country;
    rest = rest.replace(country.phrase, ' ');
  }
  take(/\b(?:the\s+)?(?:number\s+|#\s*)(\d{1,2})(?:\s*(?:one|item|product))?\b/g, (m) => (out.ordinal = Number(m[1]) - 1));
  take(
    new RegExp(String.raw`\b(?:the\s+)?(${Object.keys(ORDINALS).join('|')})\s+(?:one|item|product|thing)s?\b`, 'g'),
    (m) => (out.ordinal = ORDINALS[m[1]]),
  );
  take(STOCK_CODE, (m) => out.productIds.push(m[1].toUpperCase()));
  for (const word of rest.match(/[a-z]+/g) ?? []) {
    if (COLOURS.includes(word) && !out.colours.includes(word)) out.colours.push(word === 'gray' ? 'grey' : word);
  }
  out.rest = rest.replace(/\s+/g, ' ').trim();
  return out;
}

function num(text: string): number {
  return Number(text.replace(',', '.'));
}
