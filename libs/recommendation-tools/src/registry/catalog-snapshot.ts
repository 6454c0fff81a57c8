import { toToolProduct, type Product as ToolProduct, type ScoredProduct } from '@reco/base-tools';
import { categoryKey, type Database, type Product } from '@reco/data';
import type { ProductInfo, RankedItem } from '../model/recommender-options';
import { CategoryIndex } from './category-index';
import { isOffered, type CatalogView } from './catalog-view';
import { NewestOffered } from './newest-order';

export { isOffered } from './catalog-view';

// A write touching more than this share of the catalogue at once (an import) drops the derived
// views, built again at their next use, instead of following it product by product.
const REBUILD_SHARE = 1 / 16;

const newestOffered = (catalog: CatalogSnapshot) => new NewestOffered(catalog.all());
const categoryIndex = (catalog: CatalogSnapshot) => new CategoryIndex(catalog);

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
  private readonly views = new Map<(catalog: CatalogSnapshot) => CatalogView, CatalogView>();
  /** Each product as tools show it, made at its first showing; dropped when the product changes. */
  private readonly shown = new Map<string, ToolProduct>();

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
    if (this.views.size > 0 && this.differing(products, removedIds) > this.byId.size * REBUILD_SHARE) this.views.clear();
    const changed: Product[] = [];
    for (const id of removedIds) this.replace(id, undefined);
    for (const p of products) if (this.replace(p.id, p)) changed.push(p);
    return changed;
  }

  /**
   * The view `build` makes of the products (the function is its key): built at its first use,
   * then told every change by `apply`, so it stays current without being built again.
   */
  derived<V extends CatalogView>(build: (catalog: CatalogSnapshot) => V): V {
    let view = this.views.get(build) as V | undefined;
    if (!view) this.views.set(build, (view = build(this)));
    return view;
  }

  /** Eligibility and prices for the Recommender. */
  productInfos(): ProductInfo[] {
    return Array.from(this.byId.values(), productInfo);
  }

  /**
   * Ids of the products in `category` or under it (any letter case); see category-path.ts. The
   * snapshot's own set, kept current as products change.
   */
  categoryMembers(category: string): ReadonlySet<string> {
    return this.derived(categoryIndex).membersOf(categoryKey(category));
  }

  /**
   * Offered products (of `category` or under it, when given), newest first, ties by id: what
   * fills a list the model leaves short. Kept current as products change: read it at once.
   */
  newestFirst(category?: string): Iterable<Product> {
    return category === undefined ? this.derived(newestOffered) : this.derived(categoryIndex).newestIn(categoryKey(category));
  }

  /** Every product, offered or not, in no particular order. */
  all(): IterableIterator<Product> {
    return this.byId.values();
  }

  /**
   * Catalog fields + score + reason; drops anything not offered (defence in depth), or with
   * `includeUnavailable` anything not recommendable.
   */
  present(items: readonly RankedItem[], includeUnavailable = false): ScoredProduct[] {
    const out: ScoredProduct[] = [];
    for (const item of items) {
      const p = this.byId.get(item.productId);
      if (!p || !(includeUnavailable ? p.recommendable : isOffered(p))) continue;
      out.push({ ...this.shownAs(p), score: Number.isFinite(item.score) ? item.score : 0, reason: item.reason });
    }
    return out;
  }

  /**
   * Lists share one frozen copy of a product's fields and arrays: answers are cached, and a list
   * whose items own their arrays leaves three times the objects for the collector to copy.
   */
  private shownAs(p: Product): ToolProduct {
    let shown = this.shown.get(p.id);
    if (!shown) {
      const fields = toToolProduct(p);
      shown = Object.freeze({ ...fields, categories: Object.freeze(fields.categories), tags: Object.freeze(fields.tags) }) as ToolProduct;
      this.shown.set(p.id, shown);
    }
    return shown;
  }

  private replace(id: string, next: Product | undefined): boolean {
    const previous = this.byId.get(id);
    if (next && previous && sameVersion(previous, next)) return false;
    if (!next && !previous) return false;
    this.shown.delete(id);
    if (previous && isOffered(previous)) this.count(previous, -1);
    if (next) {
      this.byId.set(id, next);
      if (isOffered(next)) this.count(next, 1);
    } else this.byId.delete(id);
    for (const view of this.views.values()) view.replace(previous, next);
    return true;
  }

  /** How many of these writes change what the snapshot holds. */
  private differing(products: readonly Product[], removedIds: readonly string[]): number {
    let n = 0;
    for (const id of removedIds) if (this.byId.has(id)) n++;
    for (const p of products) {
      const previous = this.byId.get(p.id);
      if (!previous || !sameVersion(previous, p)) n++;
    }
    return n;
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
