import { categoryKey, type Product } from '@reco/data';
import type { CatalogSnapshot } from './catalog-snapshot';
import type { CatalogView } from './catalog-view';
import { NewestOffered } from './newest-order';

// Newest-first lists remembered per category (a few dozen categories are asked typically).
const MAX_REMEMBERED_CATEGORIES = 256;
const NONE: ReadonlySet<string> = new Set();

/**
 * Every category key a product is in: each of its categories (as `categoryKey`) and each
 * category above one. Exactly the keys `inCategory(categories, key)` is true for: a key's
 * parts are joined by ` > ` and hold no `>`, so "is `key` or starts with `key > `" means "is
 * the key cut before one of its `>`s".
 */
export function categoryKeysOf(categories: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const c of categories) {
    const own = categoryKey(c);
    keys.add(own);
    for (let at = own.indexOf('>'); at >= 0; at = own.indexOf('>', at + 1)) keys.add(own.slice(0, at - 1));
  }
  return keys;
}

/**
 * The products of each category (any letter case, the ones under it included): ids of every
 * product, offered or not, and the offered ones newest first for the categories asked.
 */
export class CategoryIndex implements CatalogView {
  private readonly members = new Map<string, Set<string>>();
  private readonly newest = new Map<string, NewestOffered>();

  constructor(private readonly catalog: CatalogSnapshot) {
    for (const p of catalog.all()) this.replace(undefined, p);
  }

  /** Ids in the category `key` (a categoryKey) or under it; the index's own set, kept current. */
  membersOf(key: string): ReadonlySet<string> {
    return this.members.get(key) ?? NONE;
  }

  /** Offered products in the category `key` or under it, newest first; kept current like membersOf. */
  newestIn(key: string): Iterable<Product> {
    let order = this.newest.get(key);
    if (!order) {
      const products: Product[] = [];
      for (const id of this.membersOf(key)) {
        const p = this.catalog.get(id);
        if (p) products.push(p);
      }
      if (this.newest.size >= MAX_REMEMBERED_CATEGORIES) this.newest.clear();
      this.newest.set(key, (order = new NewestOffered(products)));
    }
    return order;
  }

  replace(previous: Product | undefined, next: Product | undefined): void {
    if (previous) {
      for (const key of categoryKeysOf(previous.categories)) {
        const ids = this.members.get(key);
        if (ids?.delete(previous.id) && ids.size === 0) this.members.delete(key);
        this.newest.get(key)?.replace(previous, undefined);
      }
    }
    if (next) {
      for (const key of categoryKeysOf(next.categories)) {
        const ids = this.members.get(key);
        if (ids) ids.add(next.id);
        else this.members.set(key, new Set([next.id]));
        this.newest.get(key)?.replace(undefined, next);
      }
    }
  }
}
