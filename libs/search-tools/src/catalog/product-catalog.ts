import type DataLoader from 'dataloader';
import type { AsyncCache } from '@reco/async-cache';
import type { Product, ProductRepository } from '@reco/data';
import { createProductLoader } from './product-loader';

export interface ProductCatalogOptions {
  /** The repository, resolved lazily (the database opens on first use). */
  products: () => Promise<Pick<ProductRepository, 'findByIds'>>;
  /** Products are cached under its `products` namespace. */
  cache: AsyncCache;
  ttlMs?: number;
}

const PRODUCTS_NAMESPACE = 'products';

/** Product lookups by id: cache first, then one batched query for all misses. */
export class ProductCatalog {
  private readonly root: AsyncCache;
  private readonly cache: AsyncCache;
  private readonly loader: DataLoader<string, Product | null>;
  private readonly ttlMs: number | undefined;

  constructor(options: ProductCatalogOptions) {
    this.root = options.cache;
    this.cache = options.cache.namespace(PRODUCTS_NAMESPACE);
    this.loader = createProductLoader(options.products);
    this.ttlMs = options.ttlMs;
  }

  async get(id: string): Promise<Product | undefined> {
    return (await this.getMany([id]))[0];
  }

  /** Known products in the order of `ids`, duplicates and unknown ids left out. */
  async getMany(ids: readonly string[]): Promise<Product[]> {
    const unique = [...new Set(ids)];
    const cached = await this.cache.getMany<Product>(unique);
    const missing = unique.filter((_, i) => cached[i] === undefined);
    const loaded = new Map<string, Product>();
    if (missing.length > 0) {
      const results = await this.loader.loadMany(missing);
      const writes: Promise<void>[] = [];
      results.forEach((r, i) => {
        if (r instanceof Error) throw r;
        if (r === null) return;
        loaded.set(missing[i], r);
        writes.push(this.cache.set(missing[i], r, this.ttlMs === undefined ? undefined : { ttlMs: this.ttlMs }));
      });
      await Promise.all(writes);
    }
    const out: Product[] = [];
    unique.forEach((id, i) => {
      const p = cached[i] ?? loaded.get(id);
      if (p) out.push(p);
    });
    return out;
  }

  /** Drops every cached product, e.g. after an import changed prices. */
  invalidate(): Promise<void> {
    return this.root.invalidateNamespace(PRODUCTS_NAMESPACE);
  }

  /** Drops the cached copies of these products, e.g. after they were changed or hidden. */
  async forget(ids: readonly string[]): Promise<void> {
    await Promise.all([...new Set(ids)].map((id) => this.cache.delete(id)));
  }
}
