import type { Product } from '@reco/data';
import { contentFeatures, firstCategoryKey, SimilarityProbe } from '../merchandising/content-features';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';

// What a list looks like besides its hits: how alike its products are (the content similarity
// MMR uses: Jaccard of categories, tags and title words) and how many kinds of product it shows.

/** Mean pairwise content similarity of the list's products (0: all different); 0 for fewer than two. */
export function intraListSimilarity(productIds: readonly string[], catalog: CatalogSnapshot): number {
  const n = productIds.length;
  if (n < 2) return 0;
  const features = productIds.map((id) => contentFeatures(catalog.get(id)));
  const probe = new SimilarityProbe();
  let sum = 0;
  for (let i = 0; i < n - 1; i++) {
    probe.of(features[i]);
    for (let j = i + 1; j < n; j++) sum += probe.similarity(features[j]);
  }
  return sum / ((n * (n - 1)) / 2);
}

/**
 * What category coverage counts of a product: its first category (the one maxPerCategory caps),
 * or, for a product without categories (the UCI Online Retail data has none), a stand-in: the
 * last word of its title, the product type ("... LANTERN", "... MUG"); undefined for an unknown
 * product or an empty title.
 */
export function coverageKey(product: Product | undefined): string | undefined {
  if (!product) return undefined;
  const category = firstCategoryKey(product);
  if (category !== undefined) return `c:${category}`;
  const words = product.title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  return words.length > 0 ? `t:${words[words.length - 1]}` : undefined;
}

/** Distinct coverage keys over the list's length (1: every product of another kind); 0 for an empty list. */
export function categoryCoverage(productIds: readonly string[], catalog: CatalogSnapshot): number {
  if (productIds.length === 0) return 0;
  const keys = new Set<string>();
  let unkeyed = 0;
  for (const id of productIds) {
    const key = coverageKey(catalog.get(id));
    if (key === undefined) unkeyed++;
    else keys.add(key);
  }
  // A product with neither category nor title counts as a kind of its own.
  return (keys.size + unkeyed) / productIds.length;
}

/** Share of the listed products that have no category and are counted by the title stand-in. */
export function titleStandInShare(lists: readonly (readonly string[])[], catalog: CatalogSnapshot): number {
  let listed = 0;
  let standIn = 0;
  for (const list of lists) {
    for (const id of list) {
      const p = catalog.get(id);
      listed++;
      if (p && firstCategoryKey(p) === undefined) standIn++;
    }
  }
  return listed === 0 ? 0 : standIn / listed;
}
