import type { Product, ProductInput, ProductWriteCounts } from '../types/product';

export interface ProductQuery {
  /** Only products that may be recommended. */
  recommendableOnly?: boolean;
  /** Only products in stock / sellable. */
  availableOnly?: boolean;
}

/** A keyset page: the products after `afterId` (all when absent), by id. */
export interface ProductPageQuery {
  afterId?: string;
  limit: number;
}

export interface ProductRepository {
  findById(id: string): Promise<Product | null>;
  /** One query for all ids; the result follows the order of `ids`, unknown ids are left out. */
  findByIds(ids: readonly string[]): Promise<Product[]>;
  /** Every product matching the query, by id. */
  findAll(query?: ProductQuery): Promise<Product[]>;
  count(query?: ProductQuery): Promise<number>;
  /**
   * Every product, a page at a time (keyset by id): the caller can yield between pages, where
   * one findAll of the whole catalog holds SQLite's synchronous driver for tens of ms.
   */
  listPage(page: ProductPageQuery): Promise<Product[]>;
  /**
   * Inserts or updates products in one transaction. A record sets the fields it names (a later
   * record of the same id adds to an earlier one); a product it changes gets `updatedAt` now.
   */
  upsertMany(records: readonly ProductInput[]): Promise<ProductWriteCounts>;
  /**
   * Withdraws a product: not recommendable, not available (so neither recommended nor found);
   * its orders and events stay. False when there is no such product.
   */
  hide(id: string): Promise<boolean>;
  /**
   * Products changed at or after `since`, oldest change first (ties by id), for incremental
   * refreshes. Page on with the last product's `updatedAt` and `afterId` = its id. A write is
   * stamped before it commits: a reader should overlap its `since` by a few seconds.
   */
  changedSince(since: Date, limit?: number, afterId?: string): Promise<Product[]>;
}
