/**
 * Words that describe a product rather than name it: colours, sizes and materials. In a query
 * they are modifiers ("red lantern": a lantern that is red); the other words carry the product
 * type. Normalised forms (singular, catalogue spelling: "grey").
 */
const COLOURS = ['red', 'pink', 'blue', 'green', 'white', 'black', 'grey', 'ivory', 'cream', 'purple', 'yellow', 'orange', 'gold', 'silver', 'brown', 'mint', 'navy', 'teal', 'beige', 'olive', 'burgundy', 'sage', 'mustard', 'turquoise', 'lilac', 'multicolour', 'colour', 'color'];
const SIZES = ['small', 'large', 'mini', 'big', 'medium', 'med', 'tall', 'giant', 'jumbo', 'little', 'huge', 'tiny', 'long', 'short'];
const MATERIALS = ['wooden', 'wood', 'glass', 'metal', 'zinc', 'ceramic', 'enamel', 'paper', 'felt', 'wicker', 'cotton', 'porcelain', 'linen', 'wool', 'plastic', 'leather', 'steel', 'bamboo', 'acrylic', 'velvet', 'lace', 'crystal', 'stone', 'marble', 'oak', 'pine', 'iron', 'copper', 'brass', 'rattan', 'jute', 'silk', 'polyester', 'canvas'];

const ATTRIBUTE_WORDS = new Set([...COLOURS, ...SIZES, ...MATERIALS]);

/** True for a colour, size or material word (normalised). */
export function isAttributeWord(term: string): boolean {
  return ATTRIBUTE_WORDS.has(term);
}
