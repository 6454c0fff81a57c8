import { categoryKey } from '@reco/data';
import { joinSearchableText } from './search-build';

/** What search reads of a product besides its id and price. */
export interface SearchableProduct {
  title: string;
  categories: readonly string[];
  tags: readonly string[];
}

/** The value of a `key:value` tag (`red` of `color:red`), or the whole of a plain tag. */
export function tagValue(tag: string): string {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(colon + 1);
}

/**
 * The words a product is found by besides its title: the parts of its category paths and its
 * tag values. A tag's key is left out: "color" would match every coloured product.
 */
export function attributeText(product: Pick<SearchableProduct, 'categories' | 'tags'>): string {
  const parts: string[] = [];
  for (const path of product.categories) parts.push(...path.split('>'));
  for (const tag of product.tags) parts.push(tagValue(tag));
  return parts.join(' , ');
}

/** Title and attribute words in one text, for product vectors. */
export function searchableText(product: SearchableProduct): string {
  return joinSearchableText(product.title, attributeText(product));
}

/** The keys a category path is filtered by: itself and every ancestor (`home`, `home > kitchen`, ...). */
export function categoryPrefixes(path: string): string[] {
  const parts = categoryKey(path).split(' > ');
  return parts.map((_, i) => parts.slice(0, i + 1).join(' > '));
}

/** A tag as filters compare it: trimmed, spaces collapsed, the key's spaces around `:` dropped, lower case. */
export function tagKey(tag: string): string {
  const text = tag.trim().replace(/\s+/g, ' ').toLowerCase();
  const colon = text.indexOf(':');
  return colon < 0 ? text : `${text.slice(0, colon).trim()}:${text.slice(colon + 1).trim()}`;
}

/** Same title, categories and tags: the product is found by the same words. */
export function sameSearchableText(a: SearchableProduct, b: SearchableProduct): boolean {
  return a.title === b.title && sameList(a.categories, b.categories) && sameList(a.tags, b.tags);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
