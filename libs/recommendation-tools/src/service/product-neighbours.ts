import type { RankedItem } from '../model/recommender-options';
import type { Product } from '@reco/data';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import { contentNeighbours } from '../registry/content-neighbours';

/**
 * Up to `n` products like `product` by what the catalogue says (contentNeighbours) that `accept`
 * takes and that are not `listed`: asks for more while a filter turns most away, until enough
 * pass or the catalogue has no more alike.
 */
export function acceptedContentNeighbours(
  catalog: CatalogSnapshot,
  product: Product,
  n: number,
  listed: ReadonlySet<string>,
  accept: (productId: string) => boolean,
): RankedItem[] {
  if (n <= 0) return [];
  for (let want = n; ; want *= 4) {
    const found = contentNeighbours(catalog, product, want, listed);
    const passing = found.filter((i) => accept(i.productId));
    if (passing.length >= n || found.length < want || want >= catalog.size) return passing.slice(0, n);
  }
}
