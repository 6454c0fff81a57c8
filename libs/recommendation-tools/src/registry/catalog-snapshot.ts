import { toToolProduct, type ScoredProduct } from '@reco/base-tools';
import type { Database, Product } from '@reco/data';
import type { ProductInfo, RankedItem } from '../model/recommender-options';

/**
 * The shop's products by id, read once with each model (products change with imports):
 * what the model may recommend and how its items are shown.
 */
export class CatalogSnapshot {
  private readonly byId: Map<string, Product>;

  constructor(products: readonly Product[]) {
    this.byId = new Map(products.map((p) => [p.id, p]));
  }

  get size(): number {
    return this.byId.size;
  }

  get(productId: string): Product | undefined {
    return this.byId.get(productId);
  }

  /** Only recommendable, available products are ever recommended. */
  recommendable(productId: string): boolean {
    const p = this.byId.get(productId);
    return p !== undefined && p.recommendable && p.available;
  }

  /** Eligibility and prices for the Recommender. */
  productInfos(): ProductInfo[] {
    return [...this.byId.values()].map((p) => ({ productId: p.id, price: p.price, active: p.available, merchandise: p.recommendable }));
  }

  /** Catalog fields + score + reason; drops anything not recommendable (defence in depth). */
  present(items: readonly RankedItem[]): ScoredProduct[] {
    const out: ScoredProduct[] = [];
    for (const item of items) {
      const p = this.byId.get(item.productId);
      if (!p || !p.recommendable || !p.available) continue;
      out.push({ ...toToolProduct(p), score: Number.isFinite(item.score) ? item.score : 0, reason: item.reason });
    }
    return out;
  }
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
