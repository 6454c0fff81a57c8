import type { CustomerAggregate, Database } from '@reco/data';

/** Customers' purchase totals in customer-id order, a page at a time (see CustomerColumns.read). */
export type AggregatePages = (db: Database) => AsyncIterable<readonly CustomerAggregate[]>;

/**
 * Every customer's totals from the order repository's one GROUP BY query, as a single page:
 * what the repository offers today. A keyset-paged read (customer id ranges) plugs in here.
 */
export const allAggregatesAtOnce: AggregatePages = async function* (db) {
  yield await db.orders.customerAggregates();
};
