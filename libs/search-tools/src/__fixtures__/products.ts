import type { Product } from '@reco/data';

/** A catalogue product for specs that need no database. */
export function product(id: string, title: string, price = 1): Product {
  const created = new Date('2011-01-01T00:00:00Z');
  return {
    id,
    title,
    description: null,
    price,
    typicalPrice: price,
    currency: 'GBP',
    categories: [],
    tags: [],
    available: true,
    recommendable: true,
    createdAt: created,
    updatedAt: created,
    imageUrl: null,
    url: null,
  };
}
