export interface Product {
  stockCode: string;
  description: string;
  latestUnitPrice: number;
  typicalUnitPrice: number;
  /** False for postage, fees, adjustments, gift vouchers: never recommended. */
  isMerchandise: boolean;
  /** Merchandise sold at a positive price at least once. */
  active: boolean;
}
