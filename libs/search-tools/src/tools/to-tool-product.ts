import type { Product as ToolProduct } from '@reco/base-tools';
import type { Product } from '@reco/data';

/** The database's product as the tools' shared Product schema names it. */
export function toToolProduct(p: Product): ToolProduct {
  return {
    productId: p.stockCode,
    description: p.description,
    unitPrice: p.latestUnitPrice,
    typicalPrice: p.typicalUnitPrice,
    isMerchandise: p.isMerchandise,
    active: p.active,
  };
}
