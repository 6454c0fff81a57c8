import type { Product } from '@reco/data';

/** Only products both recommendable and available are ever recommended. */
export function isOffered(p: Product): boolean {
  return p.recommendable && p.available;
}

/**
 * A structure derived from the catalogue snapshot's products (newest order, category members,
 * content neighbours' index), built at its first use and then told each product change, so a
 * change costs work for the changed products, not a rebuild over the catalogue.
 */
export interface CatalogView {
  /** One product changed (`previous` and `next`), appeared (no `previous`) or went (no `next`). */
  replace(previous: Product | undefined, next: Product | undefined): void;
}
