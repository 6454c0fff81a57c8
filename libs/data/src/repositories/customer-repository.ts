import type { Customer } from '../types/customer';

export interface CustomerRepository {
  findById(id: string): Promise<Customer | null>;
  /** One query for all ids; the result follows the order of `ids`, unknown ids are left out. */
  findByIds(ids: readonly string[]): Promise<Customer[]>;
  /** Customers by id, a page at a time. */
  list(options?: { limit?: number; afterId?: string; country?: string }): Promise<Customer[]>;
  count(): Promise<number>;
}
