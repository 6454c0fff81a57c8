import type { Product } from '@reco/data';
import type { RankedItem } from '../model/recommender-options';
import { isOffered, type CatalogSnapshot } from './catalog-snapshot';

// Weights of the three resemblances: the category decides, shared tags order within it, and
// a close price breaks the remaining ties.
const CATEGORY_WEIGHT = 1;
const TAG_WEIGHT = 0.5;
const PRICE_WEIGHT = 0.25;

interface ContentKey {
  /** Category paths as lower-case parts. */
  paths: string[][];
  tags: Set<string>;
}

const keys = new WeakMap<Product, ContentKey>();

function contentKey(p: Product): ContentKey {
  let key = keys.get(p);
  if (!key) {
    key = { paths: p.categories.map((c) => c.split('>').map((part) => part.trim().toLowerCase())), tags: new Set(p.tags.map((t) => t.toLowerCase())) };
    keys.set(p, key);
  }
  return key;
}

/** Shared leading parts over the longer path, best pair: 1 for the same deepest category. */
function categoryResemblance(a: ContentKey, b: ContentKey): number {
  let best = 0;
  for (const x of a.paths) {
    for (const y of b.paths) {
      let shared = 0;
      while (shared < x.length && shared < y.length && x[shared] === y[shared]) shared++;
      if (shared > 0) best = Math.max(best, shared / Math.max(x.length, y.length));
    }
  }
  return best;
}

function tagResemblance(a: ContentKey, b: ContentKey): number {
  if (a.tags.size === 0 || b.tags.size === 0) return 0;
  let shared = 0;
  for (const t of a.tags) if (b.tags.has(t)) shared++;
  return shared / (a.tags.size + b.tags.size - shared);
}

function priceResemblance(a: number, b: number): number {
  return a > 0 && b > 0 ? 1 / (1 + Math.abs(Math.log(a / b))) : 0;
}

/**
 * Products like `product` by what the catalogue says of them, for a product the model does not
 * know yet (new since the last training) or whose model list is short: same deepest category
 * first, then shared tags, then a close price. Only offered products sharing a category or a
 * tag; reason `similar-to:<id>` like the model's.
 */
export function contentNeighbours(catalog: CatalogSnapshot, product: Product, k: number, exclude: ReadonlySet<string> = new Set()): RankedItem[] {
  const own = contentKey(product);
  if (own.paths.length === 0 && own.tags.size === 0) return [];
  const scored: RankedItem[] = [];
  for (const other of catalog.all()) {
    if (other.id === product.id || !isOffered(other) || exclude.has(other.id)) continue;
    const key = contentKey(other);
    const category = categoryResemblance(own, key);
    const tags = tagResemblance(own, key);
    if (category === 0 && tags === 0) continue;
    const score = CATEGORY_WEIGHT * category + TAG_WEIGHT * tags + PRICE_WEIGHT * priceResemblance(product.price, other.price);
    scored.push({ productId: other.id, score, reason: `similar-to:${product.id}` });
  }
  return scored.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0)).slice(0, k);
}
