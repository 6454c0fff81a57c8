import { toToolProduct, type ScoredProduct } from '@reco/base-tools';
import type { Database, Product } from '@reco/data';
import type { ProductInfo, RankedItem } from '../model/recommender-options';
import { categoryKey, inCategory } from '@reco/data';

// Category filters remembered per snapshot state (a few dozen categories are typical).
const MAX_REMEMBERED_CATEGORIES = 256;

/** Only products both recommendable and available are ever recommended. */
export function isOffered(p: Product): boolean {
  return p.recommendable && p.available;
}

/** What the Recommender needs of a product. */
export function productInfo(p: Product): ProductInfo {
  return { productId: p.id, price: p.price, available: p.available, recommendable: p.recommendable };
}

/**
 * The shop's products by id: what may be recommended and how items are shown. Loaded with each
 * model and kept current between trainings (`apply`: catalogue writes, periodic refresh).
 */
export class CatalogSnapshot {
  private readonly byId = new Map<string, Product>();
  // Order-independent sums of two hashes over the offered products: equal on every instance
  // holding the same catalogue, different after any change to what may be shown.
  private sumA = 0;
  private sumB = 0;
  private newest: Product[] | undefined;
  private readonly members = new Map<string, ReadonlySet<string>>();

  constructor(products: readonly Product[]) {
    this.apply(products);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Changes whenever an offered product changes, appears or goes: part of every cache key of answers. */
  get fingerprint(): string {
    return `${this.sumA.toString(36)}.${this.sumB.toString(36)}`;
  }

  get(productId: string): Product | undefined {
    return this.byId.get(productId);
  }

  /** Only recommendable, available products are ever recommended. */
  recommendable(productId: string): boolean {
    const p = this.byId.get(productId);
    return p !== undefined && isOffered(p);
  }

  /**
   * Takes in new versions of products and drops `removedIds`; returns the products that
   * differ from what the snapshot held (a refresh reads some again).
   */
  apply(products: readonly Product[], removedIds: readonly string[] = []): Product[] {
    const changed: Product[] = [];
    let removed = false;
    for (const id of removedIds) removed = this.replace(id, undefined) || removed;
    for (const p of products) if (this.replace(p.id, p)) changed.push(p);
    if (changed.length > 0 || removed) {
      this.newest = undefined;
      this.members.clear();
    }
    return changed;
  }

  /** Eligibility and prices for the Recommender. */
  productInfos(): ProductInfo[] {
    return Array.from(this.byId.values(), productInfo);
  }

  /** Ids of the products in `category` or under it (any letter case); see category-path.ts. */
  categoryMembers(category: string): ReadonlySet<string> {
    const key = categoryKey(category);
    let ids = this.members.get(key);
    if (!ids) {
      const found = new Set<string>();
      for (const p of this.byId.values()) if (inCategory(p.categories, key)) found.add(p.id);
      if (this.members.size >= MAX_REMEMBERED_CATEGORIES) this.members.clear();
      this.members.set(key, (ids = found));
    }
    return ids;
  }

  /** Offered products, newest first (ties by id): what fills a list the model leaves short. */
  newestFirst(): readonly Product[] {
    this.newest ??= [...this.byId.values()]
      .filter(isOffered)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.newest;
  }

  /** Every product, offered or not, in no particular order. */
  all(): IterableIterator<Product> {
    return this.byId.values();
  }

  /** Catalog fields + score + reason; drops anything not recommendable (defence in depth). */
  present(items: readonly RankedItem[]): ScoredProduct[] {
    const out: ScoredProduct[] = [];
    for (const item of items) {
      const p = this.byId.get(item.productId);
      if (!p || !isOffered(p)) continue;
      out.push({ ...toToolProduct(p), score: Number.isFinite(item.score) ? item.score : 0, reason: item.reason });
    }
    return out;
  }

  private replace(id: string, next: Product | undefined): boolean {
    const previous = this.byId.get(id);
    if (next && previous && sameVersion(previous, next)) return false;
    if (!next && !previous) return false;
    if (previous && isOffered(previous)) this.count(previous, -1);
    if (next) {
      this.byId.set(id, next);
      if (isOffered(next)) this.count(next, 1);
    } else this.byId.delete(id);
    return true;
  }

  private count(p: Product, sign: 1 | -1): void {
    const text = `${p.id}\u0000${p.updatedAt.getTime()}\u0000${p.price}`;
    this.sumA = (this.sumA + sign * fnv1a(text, 0x811c9dc5)) >>> 0;
    this.sumB = (this.sumB + sign * fnv1a(text, 0x01000193)) >>> 0;
  }
}

function sameVersion(a: Product, b: Product): boolean {
  return (
    a.updatedAt.getTime() === b.updatedAt.getTime() &&
    a.price === b.price &&
    a.recommendable === b.recommendable &&
    a.available === b.available &&
    a.title === b.title
  );
}

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Every product, a page at a time: SQLite queries run synchronously, and reading all ~4,000
 * products at once held the event loop for tens of ms.
 */
export async function loadCatalogSnapshot(db: Database, pageSize = 500): Promise<CatalogSnapshot> {
  const products: Product[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await db.products.listPage({ afterId, limit: pageSize });
    products.push(...page);
    if (page.length < pageSize) break;
    afterId = page[page.length - 1].id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return new CatalogSnapshot(products);
}
