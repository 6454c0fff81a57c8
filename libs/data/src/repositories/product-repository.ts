import type { Product } from '../types/product';

export interface ProductQuery {
  /** Only merchandise (what may be recommended). */
  merchandiseOnly?: boolean;
  /** Only merchandise that has sold at a positive price. */
  activeOnly?: boolean;
}

/** A keyset page: the products after `afterId` (all when absent), by stock code. */
export interface ProductPageQuery {
  afterId?: string;
  limit: number;
}

export interface ProductRepository {
  findById(stockCode: string): Promise<Product | null>;
  /** One query for all ids; the result follows the order of `stockCodes`, unknown codes are left out. */
  findByIds(stockCodes: readonly string[]): Promise<Product[]>;
  /** Every product matching the query, by stock code. */
  findAll(query?: ProductQuery): Promise<Product[]>;
  count(query?: ProductQuery): Promise<number>;
  /**
   * Every product, a page at a time (keyset by stock code): the caller can yield between pages,
   * where one findAll of the whole catalog holds SQLite's synchronous driver for tens of ms.
   */
  listPage(page: ProductPageQuery): Promise<Product[]>;
}
