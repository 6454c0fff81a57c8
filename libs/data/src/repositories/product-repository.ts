import type { Product } from '../types/product';

export interface ProductQuery {
  /** Only merchandise (what may be recommended). */
  merchandiseOnly?: boolean;
  /** Only merchandise that has sold at a positive price. */
  activeOnly?: boolean;
}

export interface ProductRepository {
  findById(stockCode: string): Promise<Product | null>;
  /** One query for all ids; the result follows the order of `stockCodes`, unknown codes are left out. */
  findByIds(stockCodes: readonly string[]): Promise<Product[]>;
  /** Every product matching the query, by stock code. */
  findAll(query?: ProductQuery): Promise<Product[]>;
  count(query?: ProductQuery): Promise<number>;
}
