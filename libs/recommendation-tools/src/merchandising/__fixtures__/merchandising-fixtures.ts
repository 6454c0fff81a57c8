import type { Product } from '@reco/data';
import type { RankedItem } from '../../model/recommender-options';
import { CatalogSnapshot } from '../../registry/catalog-snapshot';
import { RuleInputSchema, type Rule } from '../merchandising-schemas';

const CREATED = new Date('2024-01-01T00:00:00Z');

/** A catalogue product: available, recommendable, no categories or tags unless given. */
export function product(id: string, fields: Partial<Omit<Product, 'id'>> = {}): Product {
  return {
    id,
    title: `Product ${id}`,
    description: null,
    price: 10,
    typicalPrice: null,
    currency: 'GBP',
    categories: [],
    tags: [],
    available: true,
    recommendable: true,
    createdAt: CREATED,
    updatedAt: CREATED,
    imageUrl: null,
    url: null,
    ...fields,
  };
}

export function catalogOf(...products: Product[]): CatalogSnapshot {
  return new CatalogSnapshot(products);
}

let ruleCount = 0;

/** A rule as the store holds it: parsed by the schema (so invalid fixtures fail loudly). */
export function rule(input: Record<string, unknown> & { kind: Rule['kind'] }, id = `rule-${++ruleCount}`): Rule {
  return { ...RuleInputSchema.parse({ name: id, match: {}, ...input }), id };
}

/** Candidates scored n, n-1, ... 1 in the given order, reason `model`. */
export function ranked(...productIds: string[]): RankedItem[] {
  return productIds.map((productId, i) => ({ productId, score: productIds.length - i, reason: 'model' }));
}

export const ids = (items: readonly RankedItem[]): string[] => items.map((item) => item.productId);
