import { categoryKey, type Product } from '@reco/data';
import { CatalogueFingerprint } from './catalogue-fingerprint';
import { grown } from './lexical-postings';
import { categoryPrefixes, tagKey } from './product-text';
import type { ProductSearchQuery } from './search-index';

/** Distinct category paths and tags whose normalised keys are remembered. */
const MAX_CACHED_KEYS = 50_000;

/**
 * The products of an index by document number, with what the filters test (price, stock,
 * category, tag) and the fingerprint of those searchable now. Filled product by product as a
 * build reads its pages, so that work is spread between database reads instead of done in one
 * block when the build goes live. Documents only ever get the next number: a changed product's
 * old document is removed (its slot stays) and its new one added.
 */
export class CatalogueDocuments {
  /** Products by document number; a removed document keeps its slot. */
  private readonly docs: Product[] = [];
  private prices = new Float64Array(16);
  private available = new Uint8Array(16);
  private readonly docOf = new Map<string, number>();
  // Documents are added in number order, so each list is ascending and a filter tests
  // membership by binary search: a tenth of the memory and build time of Sets.
  /** Lower-case category path and each of its ancestors -> documents, ascending. */
  private readonly categoryDocs = new Map<string, number[]>();
  /** Lower-case tag -> documents, ascending. */
  private readonly tagDocs = new Map<string, number[]>();
  /** Category path -> its filter keys, tag -> its key: normalised once per distinct text. */
  private readonly categoryKeys = new Map<string, string[]>();
  private readonly tagKeys = new Map<string, string[]>();
  private readonly live = new CatalogueFingerprint();
  private removed = 0;

  static of(products: readonly Product[]): CatalogueDocuments {
    const documents = new CatalogueDocuments();
    for (const p of products) documents.add(p);
    return documents;
  }

  /** Documents ever held, removed ones included. */
  get count(): number {
    return this.docs.length;
  }

  /** Products searchable now. */
  get size(): number {
    return this.docs.length - this.removed;
  }

  get removedCount(): number {
    return this.removed;
  }

  /** Fingerprint of the products searchable now (see catalogueFingerprint). */
  get fingerprint(): string {
    return this.live.value;
  }

  docFor(id: string): number | undefined {
    return this.docOf.get(id);
  }

  at(doc: number): Product {
    return this.docs[doc];
  }

  /** 1 when the document's product is in stock. */
  inStock(doc: number): number {
    return this.available[doc];
  }

  /** Adds a product as the next document; returns its number. */
  add(p: Product): number {
    const doc = this.docs.length;
    this.docs.push(p);
    if (doc >= this.prices.length) {
      this.prices = grown(this.prices, this.prices.length * 2);
      this.available = grown(this.available, this.prices.length);
    }
    this.prices[doc] = p.price;
    this.available[doc] = p.available ? 1 : 0;
    this.docOf.set(p.id, doc);
    for (const path of p.categories) for (const key of keysOf(this.categoryKeys, path, categoryPrefixes)) addTo(this.categoryDocs, key, doc);
    for (const tag of p.tags) for (const key of keysOf(this.tagKeys, tag, (t) => [tagKey(t)])) addTo(this.tagDocs, key, doc);
    this.live.add(p);
    return doc;
  }

  /** The same document, a newer row with the same words: price, stock and the rest change in place. */
  replace(doc: number, p: Product): void {
    this.live.remove(this.docs[doc]);
    this.docs[doc] = p;
    this.prices[doc] = p.price;
    this.available[doc] = p.available ? 1 : 0;
    this.live.add(p);
  }

  /** Takes a document out (its slot and filter entries stay; searches skip removed documents). */
  remove(doc: number): void {
    const p = this.docs[doc];
    this.docOf.delete(p.id);
    this.live.remove(p);
    this.removed++;
  }

  /** The query's filters as one test; undefined: none; null: nothing can match. */
  filter(query: Pick<ProductSearchQuery, 'minPrice' | 'maxPrice' | 'category' | 'tag'>): ((doc: number) => boolean) | undefined | null {
    const { minPrice, maxPrice } = query;
    const inCategory = query.category === undefined ? undefined : this.categoryDocs.get(categoryKey(query.category));
    const tagged = query.tag === undefined ? undefined : this.tagDocs.get(tagKey(query.tag));
    if ((query.category !== undefined && !inCategory) || (query.tag !== undefined && !tagged)) return null;
    if (minPrice === undefined && maxPrice === undefined && !inCategory && !tagged) return undefined;
    const prices = this.prices;
    return (doc) =>
      (minPrice === undefined || prices[doc] >= minPrice) &&
      (maxPrice === undefined || prices[doc] <= maxPrice) &&
      (inCategory === undefined || holds(inCategory, doc)) &&
      (tagged === undefined || holds(tagged, doc));
  }
}

function keysOf(cache: Map<string, string[]>, text: string, keys: (text: string) => string[]): string[] {
  let out = cache.get(text);
  if (!out) {
    out = keys(text);
    if (cache.size < MAX_CACHED_KEYS) cache.set(text, out);
  }
  return out;
}

function addTo(map: Map<string, number[]>, key: string, doc: number): void {
  const docs = map.get(key);
  if (!docs) map.set(key, [doc]);
  else if (docs[docs.length - 1] !== doc) docs.push(doc); // two paths under one parent add it once
}

/** Binary search of an ascending list. */
function holds(docs: readonly number[], doc: number): boolean {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = docs[mid];
    if (at === doc) return true;
    if (at < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
