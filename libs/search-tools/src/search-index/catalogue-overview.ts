import { categoryKey, type Product } from '@reco/data';

/** A category of the catalogue and how many searchable products are in it or in a category under it. */
export interface CategoryCount {
  /** The path as the shop first spelled it, each part trimmed and joined with ` > `: `Home > Kitchen`. */
  name: string;
  products: number;
}

export interface ProductIdMatch {
  productId: string;
  title: string;
}

export interface ProductIdPage {
  /** The first matches in code order (letter case ignored). */
  items: ProductIdMatch[];
  /** Every match, beyond the page too. */
  total: number;
}

interface IdEntry extends ProductIdMatch {
  /** The id in lower case: what prefixes are compared with. */
  key: string;
}

/**
 * What a catalogue holds, worked out once from its searchable products: every category path and
 * each of its ancestors, counted as category filters match (a product in `Home > Kitchen` counts
 * for `Home` too, once however many of its paths lie under it), and the product ids sorted for
 * prefix look-ups.
 */
export class CatalogueOverview {
  private constructor(
    /** By name, letter case ignored. */
    readonly categories: readonly CategoryCount[],
    private readonly ids: readonly IdEntry[],
  ) {}

  static of(products: Iterable<Pick<Product, 'id' | 'title' | 'categories'>>): CatalogueOverview {
    const counts = new Map<string, CategoryCount>();
    const ids: IdEntry[] = [];
    for (const p of products) {
      ids.push({ productId: p.id, title: p.title, key: p.id.toLowerCase() });
      const counted = new Set<string>();
      for (const path of p.categories) {
        const parts = path.split('>').map((part) => part.trim().replace(/\s+/g, ' '));
        for (let depth = 1; depth <= parts.length; depth++) {
          const name = parts.slice(0, depth).join(' > ');
          const key = categoryKey(name);
          if (counted.has(key)) continue;
          counted.add(key);
          const entry = counts.get(key);
          if (entry) entry.products++;
          else counts.set(key, { name, products: 1 });
        }
      }
    }
    const categories = [...counts.entries()].sort(([a], [b]) => compare(a, b)).map(([, count]) => count);
    ids.sort((a, b) => compare(a.key, b.key) || compare(a.productId, b.productId));
    return new CatalogueOverview(categories, ids);
  }

  /** Product ids that start with `prefix`, letter case ignored: the first `limit` in code order, and how many there are. */
  productIds(prefix: string, limit: number): ProductIdPage {
    const key = prefix.toLowerCase();
    // Sorted by key, the matches are one run: from the first key not below the prefix to the first after it that lacks it.
    const first = firstIndex(this.ids, (e) => e.key >= key);
    const end = firstIndex(this.ids, (e) => e.key >= key && !e.key.startsWith(key));
    return {
      items: this.ids.slice(first, Math.min(end, first + limit)).map(({ productId, title }) => ({ productId, title })),
      total: end - first,
    };
  }
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first index whose entry passes `test`, which is false for a leading run of entries and true after it. */
function firstIndex<T>(entries: readonly T[], test: (entry: T) => boolean): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(entries[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
