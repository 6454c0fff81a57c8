import type { ScoredProduct as ScoredProductOut } from '@reco/base-tools';
import type { Database, Product } from '@reco/data';
import type { ProductInfo, ScoredProduct } from '../model/recommender';

/** The shop's products by stock code: what the model may recommend and how items are shown. */
export class ProductCatalog {
  private readonly byId: Map<string, Product>;

  constructor(products: readonly Product[]) {
    this.byId = new Map(products.map((p) => [p.stockCode, p]));
  }

  get size(): number {
    return this.byId.size;
  }

  get(productId: string): Product | undefined {
    return this.byId.get(productId);
  }

  /** Only active merchandise is ever recommended. */
  recommendable(productId: string): boolean {
    const p = this.byId.get(productId);
    return p !== undefined && p.isMerchandise && p.active;
  }

  /** Eligibility and prices for the Recommender. */
  productInfos(): ProductInfo[] {
    return [...this.byId.values()].map((p) => ({ productId: p.stockCode, price: p.latestUnitPrice, active: p.active, merchandise: p.isMerchandise }));
  }

  /** Catalog fields + score + reason; drops anything not recommendable (defence in depth). */
  present(items: readonly ScoredProduct[]): ScoredProductOut[] {
    const out: ScoredProductOut[] = [];
    for (const item of items) {
      const p = this.byId.get(item.productId);
      if (!p || !p.isMerchandise || !p.active) continue;
      out.push({
        productId: p.stockCode,
        description: p.description,
        unitPrice: p.latestUnitPrice,
        typicalPrice: p.typicalUnitPrice,
        isMerchandise: p.isMerchandise,
        active: p.active,
        score: Number.isFinite(item.score) ? item.score : 0,
        reason: item.reason,
      });
    }
    return out;
  }
}

/**
 * Every product, a page at a time: SQLite queries run synchronously, and reading all ~4,000
 * products at once held the event loop for tens of ms.
 */
export async function loadCatalog(db: Database, pageSize = 500): Promise<ProductCatalog> {
  const products: Product[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await db.client.product.findMany({
      where: after === undefined ? {} : { stockCode: { gt: after } },
      select: { stockCode: true, description: true, latestUnitPrice: true, typicalUnitPrice: true, isMerchandise: true, active: true },
      orderBy: { stockCode: 'asc' },
      take: pageSize,
    });
    products.push(...page);
    if (page.length < pageSize) break;
    after = page[page.length - 1].stockCode;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return new ProductCatalog(products);
}
