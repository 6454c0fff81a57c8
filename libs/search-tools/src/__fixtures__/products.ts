import type { Product } from '@reco/data';

/** A catalogue product for specs that need no database. */
export function product(stockCode: string, description: string, latestUnitPrice = 1): Product {
  return { stockCode, description, latestUnitPrice, typicalUnitPrice: latestUnitPrice, isMerchandise: true, active: true };
}
