import { categoryKey, inCategory, type Product } from '@reco/data';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { Rule, RuleMatch } from './merchandising-schemas';

// Which products a rule applies to and which rules apply now. Matching runs per candidate on
// every request, so a match is compiled once per request (id and category sets, lower-cased
// tags) and a product's tags are lower-cased once per product object.

interface ProductTags {
  /** Every tag, lower-cased: `red`, `color:red`. */
  exact: Set<string>;
  /** The value of each `key:value` tag, lower-cased: `red` for `color:red`. */
  values: Set<string>;
}

// Per product object: a catalogue change replaces the objects it changes.
const tagsByProduct = new WeakMap<Product, ProductTags>();

function productTags(p: Product): ProductTags {
  let tags = tagsByProduct.get(p);
  if (!tags) {
    tags = { exact: new Set(), values: new Set() };
    for (const tag of p.tags) {
      const lower = tag.toLowerCase();
      tags.exact.add(lower);
      const colon = lower.indexOf(':');
      if (colon >= 0) tags.values.add(lower.slice(colon + 1));
    }
    tagsByProduct.set(p, tags);
  }
  return tags;
}

/**
 * True when the product carries the tag, any letter case: a plain tag (`red`) matches the tag
 * itself and any `key:red`; a `key:value` tag (`color:red`) matches only itself.
 */
export function hasTag(product: Product, tag: string): boolean {
  return compileTag(tag)(product);
}

/** `hasTag` for one tag, compiled for many products. */
export function compileTag(tag: string): (p: Product) => boolean {
  const lower = tag.trim().toLowerCase();
  if (lower.includes(':')) return (p) => productTags(p).exact.has(lower);
  return (p) => {
    const tags = productTags(p);
    return tags.exact.has(lower) || tags.values.has(lower);
  };
}

/** A product test compiled from a match: all given conditions hold. */
export type ProductTest = (product: Product) => boolean;

/**
 * Compiles a match. With a catalogue, categories are read from its category index (sets kept by
 * the snapshot: take them for one request, as the sets are replaced when a category empties);
 * without one, from the product's own category paths.
 */
export function compileMatch(match: RuleMatch, catalog?: CatalogSnapshot): ProductTest {
  const tests: ProductTest[] = [];
  if (match.productIds) {
    const ids = new Set(match.productIds);
    tests.push((p) => ids.has(p.id));
  }
  if (match.categories) {
    if (catalog) {
      const members = match.categories.map((c) => catalog.categoryMembers(c));
      tests.push((p) => members.some((ids) => ids.has(p.id)));
    } else {
      const keys = match.categories.map(categoryKey);
      tests.push((p) => keys.some((key) => inCategory(p.categories, key)));
    }
  }
  if (match.tags) {
    const anyTag = match.tags.map(compileTag);
    tests.push((p) => anyTag.some((test) => test(p)));
  }
  const { minPrice, maxPrice, available } = match;
  if (minPrice !== undefined) tests.push((p) => p.price >= minPrice);
  if (maxPrice !== undefined) tests.push((p) => p.price <= maxPrice);
  if (available !== undefined) tests.push((p) => p.available === available);
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0];
  return (p) => tests.every((test) => test(p));
}

/**
 * True when the rule's match holds for the product: every condition given (product ids, any of
 * the categories or under one, any of the tags, the price range, availability); an empty match
 * holds for every product.
 */
export function ruleMatches(rule: Pick<Rule, 'match'>, product: Product): boolean {
  return compileMatch(rule.match)(product);
}

/** Enabled and within its window at `now`: from `activeFrom` (included) until `activeUntil` (excluded). */
export function isActive(rule: Pick<Rule, 'enabled' | 'activeFrom' | 'activeUntil'>, now: Date): boolean {
  if (!rule.enabled) return false;
  const t = now.getTime();
  if (rule.activeFrom !== undefined && t < rule.activeFrom.getTime()) return false;
  if (rule.activeUntil !== undefined && t >= rule.activeUntil.getTime()) return false;
  return true;
}

export interface ActiveRulesScope {
  /** The placement asked for; absent (plain recommendation routes): only rules for every placement. */
  placement?: string;
  now: Date;
  /** A placement's or an arm's rule list: only rules with these ids. */
  only?: readonly string[];
}

/** Orders rules (and experiments) by name, then id: the order pins of one position are placed in. */
export function byRuleOrder(a: { name: string; id: string }, b: { name: string; id: string }): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The rules that apply to a list now: enabled, in their window, for this placement or for every
 * placement, and among `only` when given; by name, then id.
 */
export function activeRules(rules: readonly Rule[], scope: ActiveRulesScope): Rule[] {
  const only = scope.only ? new Set(scope.only) : undefined;
  return rules
    .filter((r) => isActive(r, scope.now) && (r.placement === undefined || r.placement === scope.placement) && (!only || only.has(r.id)))
    .sort(byRuleOrder);
}
