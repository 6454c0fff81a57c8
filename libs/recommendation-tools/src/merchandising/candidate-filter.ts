import type { Product } from '@reco/data';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { RecommendationFilters, Rule } from './merchandising-schemas';
import { compileMatch, compileTag, type ProductTest } from './rule-matching';

/**
 * Which products a list may hold: recommendable ones, available unless the request includes
 * unavailable ones, passing the request's filters (excluded ids, category, tag, price range),
 * matching no `exclude` rule and every `include-only` rule (each is a constraint of its own).
 * Other rule kinds are ignored here. Built once per request: the returned test is what the model
 * scores with (`include`), so a short list is filled from products that pass it.
 */
export function candidateFilter(catalog: CatalogSnapshot, filters: RecommendationFilters, rules: readonly Rule[]): (productId: string) => boolean {
  const tests: ProductTest[] = [];
  if (!filters.includeUnavailable) tests.push((p) => p.available);
  if (filters.excludeProductIds?.length) {
    const excluded = new Set(filters.excludeProductIds);
    tests.push((p) => !excluded.has(p.id));
  }
  if (filters.category !== undefined) {
    const members = catalog.categoryMembers(filters.category);
    tests.push((p) => members.has(p.id));
  }
  const { tag, minPrice, maxPrice } = filters;
  if (tag !== undefined) tests.push(compileTag(tag));
  if (minPrice !== undefined) tests.push((p) => p.price >= minPrice);
  if (maxPrice !== undefined) tests.push((p) => p.price <= maxPrice);
  for (const rule of rules) {
    if (rule.kind === 'exclude') {
      const matches = compileMatch(rule.match, catalog);
      tests.push((p) => !matches(p));
    } else if (rule.kind === 'include-only') {
      tests.push(compileMatch(rule.match, catalog));
    }
  }
  return (productId) => {
    const p: Product | undefined = catalog.get(productId);
    if (!p || !p.recommendable) return false;
    for (const test of tests) if (!test(p)) return false;
    return true;
  };
}
