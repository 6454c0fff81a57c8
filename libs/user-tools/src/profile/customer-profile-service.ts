import type { AsyncCache } from '@reco/async-cache';
import type { CustomerProfile, Customer as ToolCustomer, Order as ToolOrder } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { buildCustomerProfile, toToolCustomer, toToolOrder, type ProfiledCustomer } from './customer-profile';

/** More orders than any shop customer has: the profile reads the whole history in one query. */
const FULL_HISTORY = 100_000;

export interface HistoryQuery {
  limit: number;
  /** Inclusive. */
  since?: Date;
}

export interface CustomerListQuery {
  limit: number;
  /** Only customers whose id sorts after this one: the previous page's `nextAfterId`. */
  afterId?: string;
  country?: string;
}

/** One page of customers, in id order. */
export interface CustomerPage {
  items: ToolCustomer[];
  /** The last id of a full page, to ask for the next one; null after a short page. */
  nextAfterId: string | null;
}

/**
 * Customer profiles and purchase histories, read through the cache, and the customer list.
 * Each customer's entries live under their own namespace (`users:customer:<id>`), so an import
 * or a live event can invalidate one customer, or all of them, without touching anything else.
 */
export class CustomerProfileService {
  private readonly users: AsyncCache;

  constructor(
    private readonly database: DatabaseHandle,
    cache: AsyncCache,
    private readonly ttlMs: number,
  ) {
    this.users = cache.namespace('users');
  }

  /** The customer, or null when the shop does not know them. */
  async customer(customerId: string): Promise<ProfiledCustomer | null> {
    const view = await this.forCustomer(customerId).getOrLoad(
      'customer',
      async () => {
        const found = await (await this.database.get()).customers.findById(customerId);
        return found ? toToolCustomer(found) : undefined; // an unknown id is not cached: an import may add it
      },
      { ttlMs: this.ttlMs },
    );
    if (!view) return null;
    return {
      id: view.customerId,
      country: view.country,
      firstSeenAt: view.firstSeen === null ? null : new Date(view.firstSeen),
      lastSeenAt: view.lastSeen === null ? null : new Date(view.lastSeen),
    };
  }

  /** The profile, or null for an unknown customer. */
  async profile(customerId: string): Promise<CustomerProfile | null> {
    const customer = await this.customer(customerId);
    if (!customer) return null;
    return this.forCustomer(customerId).getOrLoad(
      'profile',
      async () => buildCustomerProfile(customer, await (await this.database.get()).orders.historyForCustomer(customerId, { limit: FULL_HISTORY })),
      { ttlMs: this.ttlMs },
    );
  }

  /** Orders newest first, cancellations included, or null for an unknown customer. */
  async history(customerId: string, query: HistoryQuery): Promise<ToolOrder[] | null> {
    const customer = await this.customer(customerId);
    if (!customer) return null;
    return this.forCustomer(customerId).getOrLoad(
      `history:${query.limit}:${query.since?.toISOString() ?? ''}`,
      async () => {
        const orders = await (await this.database.get()).orders.historyForCustomer(customerId, { limit: query.limit, since: query.since });
        return orders.map(toToolOrder);
      },
      { ttlMs: this.ttlMs },
    );
  }

  /** Customers a page at a time, read straight from the database (a listing is not cached). */
  async listCustomers(query: CustomerListQuery): Promise<CustomerPage> {
    const customers = await (await this.database.get()).customers.list({ limit: query.limit, afterId: query.afterId, country: query.country });
    const items = customers.map(toToolCustomer);
    return { items, nextAfterId: items.length === query.limit ? (items.at(-1)?.customerId ?? null) : null };
  }

  /** After new orders or events of one customer. */
  invalidateCustomer(customerId: string): Promise<void> {
    return this.users.invalidateNamespace(`customer:${customerId}`);
  }

  /** After an import. */
  invalidateAll(): Promise<void> {
    return this.users.invalidateNamespace('customer');
  }

  private forCustomer(customerId: string): AsyncCache {
    return this.users.namespace(`customer:${customerId}`);
  }
}
