import type { Customer, CustomerInput, CustomerWriteCounts } from '../types/customer';

export interface CustomerRepository {
  findById(id: string): Promise<Customer | null>;
  /** One query for all ids; the result follows the order of `ids`, unknown ids are left out. */
  findByIds(ids: readonly string[]): Promise<Customer[]>;
  /** Customers in id order: after `afterId`, of one country, and with ids starting with `idPrefix` (exact case). */
  list(options?: { limit?: number; afterId?: string; country?: string; idPrefix?: string }): Promise<Customer[]>;
  count(): Promise<number>;
  /**
   * Inserts or updates customers in one transaction; a record sets the fields it names. First
   * and last seen are not the shop's to send: orders and events set them.
   */
  upsertMany(records: readonly CustomerInput[]): Promise<CustomerWriteCounts>;
}
