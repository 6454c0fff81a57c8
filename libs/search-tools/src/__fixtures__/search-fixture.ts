import { createCache, type AsyncCache } from '@reco/async-cache';
import type { Product, ProductPageQuery, ProductRepository } from '@reco/data';
import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { ToolRegistry } from '@reco/base-tools';
import { ProductCatalog } from '../catalog/product-catalog';
import { recommendableProductPages } from '../search-index/catalogue-pages';
import { InProcessSearchIndex, type InProcessSearchIndexOptions } from '../search-index/in-process-search-index';
import { createSearchTools } from '../tools/search-tools';

/** Counts calls on the real repository: the SQLite query still runs. */
export class CountingProducts implements Pick<ProductRepository, 'findByIds' | 'findAll' | 'changedSince' | 'listPage'> {
  findByIdsCalls: (readonly string[])[] = [];
  findAllCalls = 0;
  changedSinceCalls = 0;
  listPageCalls = 0;
  constructor(private readonly inner: ProductRepository) {}
  findByIds(ids: readonly string[]): Promise<Product[]> {
    this.findByIdsCalls.push([...ids]);
    return this.inner.findByIds(ids);
  }
  findAll(query?: Parameters<ProductRepository['findAll']>[0]): Promise<Product[]> {
    this.findAllCalls++;
    return this.inner.findAll(query);
  }
  changedSince(since: Date, limit?: number, afterId?: string): Promise<Product[]> {
    this.changedSinceCalls++;
    return this.inner.changedSince(since, limit, afterId);
  }
  listPage(page: ProductPageQuery): Promise<Product[]> {
    this.listPageCalls++;
    return this.inner.listPage(page);
  }
}

export interface SearchFixture {
  sample: SampleDatabase;
  products: CountingProducts;
  cache: AsyncCache;
  index: InProcessSearchIndex;
  catalog: ProductCatalog;
  registry: ToolRegistry;
  close(): Promise<void>;
}

/**
 * The search lib wired as the runtime wires it, over a fresh copy of the shipped sample.
 * `pagesOf`: the catalogue is read in keyset pages of this many products instead of at once.
 */
export async function openSearchFixture(options: Partial<InProcessSearchIndexOptions> = {}, read: { pagesOf?: number } = {}): Promise<SearchFixture> {
  const sample = await openSampleDatabase();
  const products = new CountingProducts(sample.db.products);
  const cache = createCache({ backend: 'memory' });
  const { pagesOf } = read;
  const index = new InProcessSearchIndex({
    loadProducts: () => (pagesOf ? recommendableProductPages(async () => products, pagesOf) : products.findAll({ recommendableOnly: true })),
    changes: async () => products,
    ...options,
  });
  const catalog = new ProductCatalog({ products: async () => products, cache });
  const registry = new ToolRegistry().register(...createSearchTools(index, catalog));
  return {
    sample,
    products,
    cache,
    index,
    catalog,
    registry,
    async close() {
      index.close();
      await cache.close();
      await sample.close();
    },
  };
}
