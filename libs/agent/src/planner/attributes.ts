// Words that describe a product rather than name it. In a query they go before the product type
// ("jumbo bag in red" → "red jumbo bag"); a follow-up's attribute replaces the topic's one of the
// same kind ("in red" after "blue mugs" → "red mugs").

export type AttributeKind = 'colour' | 'material' | 'size';

export const COLOURS = [
  'red', 'white', 'blue', 'green', 'pink', 'black', 'yellow', 'gold', 'silver', 'purple', 'ivory', 'cream', 'orange',
  'grey', 'brown', 'turquoise', 'lilac', 'navy', 'beige', 'teal', 'mint', 'multicolour',
];

/** Spellings shoppers use → the catalogue's word. */
const CANONICAL: Record<string, string> = {
  gray: 'grey', golden: 'gold', wood: 'wooden', woolen: 'woollen', wool: 'woollen', knit: 'knitted',
  big: 'large', huge: 'large', tiny: 'small', porcelain: 'ceramic',
};

const MATERIALS = [
  'wooden', 'glass', 'metal', 'zinc', 'ceramic', 'enamel', 'paper', 'felt', 'wicker', 'cotton', 'linen', 'woollen', 'knitted',
  'plastic', 'leather', 'bamboo', 'velvet', 'lace', 'tin', 'jute', 'hessian', 'rattan', 'silk', 'canvas', 'copper', 'brass',
];
const SIZES = ['small', 'large', 'mini', 'jumbo', 'giant', 'medium', 'tall'];

const KIND = new Map<string, AttributeKind>([
  ...COLOURS.map((w): [string, AttributeKind] => [w, 'colour']),
  ...MATERIALS.map((w): [string, AttributeKind] => [w, 'material']),
  ...SIZES.map((w): [string, AttributeKind] => [w, 'size']),
]);

/** The catalogue's spelling of an attribute word, or the word itself. */
export function canonicalAttribute(word: string): string {
  return CANONICAL[word] ?? word;
}

/** Colour, material or size for an attribute word (any spelling), else undefined. */
export function attributeKind(word: string): AttributeKind | undefined {
  return KIND.get(canonicalAttribute(word));
}
