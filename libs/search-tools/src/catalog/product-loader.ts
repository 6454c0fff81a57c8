import DataLoader from 'dataloader';
import type { Product, ProductRepository } from '@reco/data';

/**
 * Batches every product lookup made in one tick into one `findByIds` query, ids de-duplicated.
 * No DataLoader memo (`cache: false`): the shared AsyncCache in front is the cache, and a
 * process-wide memo would never see price changes.
 */
export function createProductLoader(products: () => Promise<Pick<ProductRepository, 'findByIds'>>): DataLoader<string, Product | null> {
  return new DataLoader<string, Product | null>(
    async (ids) => {
      const unique = [...new Set(ids)];
      const found = await (await products()).findByIds(unique);
      const byId = new Map(found.map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cache: false, maxBatchSize: 500 },
  );
}
