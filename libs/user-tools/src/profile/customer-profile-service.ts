import type { AsyncCache } from '@reco/async-cache';
import type { CustomerProfile, Customer as ToolCustomer, Order as ToolOrder } from '@reco/base-tools';
import type { Database, DatabaseHandle, Product } from '@reco/data';
import { buildCustomerProfile, toToolCustomer, toToolOrder, type ProfiledCustomer } from './customer-profile';
import { eventOrders, newestFirst, type CustomerOrder } from './event-orders';

/** More orders (and purchase events) than any shop customer has: the profile reads the whole history. */
const FULL_HISTORY = 100_000;
/** Products looked up per query. */
const PRODUCT_BATCH = 500;
/** A basket's events may start before its order's time (a session, a day): read this much earlier. */
const BASKET_SPAN_MS = 86_400_000;

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
  /** Only customers whose id starts with this (exact case), e.g. for completion while typing. */
  idPrefix?: string;
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
      async () => {
        const db = await this.database.get();
        const { orders, products } = await this.orders(db, customer, { limit: FULL_HISTORY });
        return buildCustomerProfile(customer, orders, (id) => products.get(id)?.recommendable === true);
      },
      { ttlMs: this.ttlMs },
    );
  }

  /**
   * Orders newest first, cancellations included, or null for an unknown customer: invoices, and
   * the customer's purchase and return events as orders of their baskets (see eventOrders).
   */
  async history(customerId: string, query: HistoryQuery): Promise<ToolOrder[] | null> {
    const customer = await this.customer(customerId);
    if (!customer) return null;
    return this.forCustomer(customerId).getOrLoad(
      `history:${query.limit}:${query.since?.toISOString() ?? ''}`,
      async () => {
        const { orders, products } = await this.orders(await this.database.get(), customer, query);
        return orders.map((order) => toToolOrder(order, (id) => products.get(id)?.recommendable));
      },
      { ttlMs: this.ttlMs },
    );
  }

  /** Customers a page at a time, read straight from the database (a listing is not cached). */
  async listCustomers(query: CustomerListQuery): Promise<CustomerPage> {
    const customers = await (await this.database.get()).customers.list({ limit: query.limit, afterId: query.afterId, country: query.country, idPrefix: query.idPrefix });
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

  /**
   * Invoices and event orders merged, newest first, the first `limit` on or after `since`, with the
   * catalogue rows of the products of every line (titles and prices of event lines, and which
   * lines the shop recommends).
   */
  private async orders(
    db: Database,
    customer: ProfiledCustomer,
    query: HistoryQuery,
  ): Promise<{ orders: CustomerOrder[]; products: Map<string, Product> }> {
    const { limit, since } = query;
    const [invoices, events] = await Promise.all([
      db.orders.historyForCustomer(customer.id, { limit, since }),
      db.events.listForCustomer(customer.id, {
        types: ['purchase', 'return'],
        since: since && new Date(since.getTime() - BASKET_SPAN_MS),
        limit: FULL_HISTORY,
      }),
    ]);
    const ids = new Set(events.map((e) => e.productId));
    for (const order of invoices) for (const line of order.lines) ids.add(line.productId);
    const products = new Map<string, Product>();
    const all = [...ids];
    for (let i = 0; i < all.length; i += PRODUCT_BATCH) {
      for (const p of await db.products.findByIds(all.slice(i, i + PRODUCT_BATCH))) products.set(p.id, p);
    }
    const fromEvents = eventOrders(events, products, customer.country).filter((o) => !since || o.invoicedAt >= since);
    const orders = fromEvents.length === 0 ? invoices : [...invoices, ...fromEvents].sort(newestFirst).slice(0, limit);
    return { orders, products };
  }

  private forCustomer(customerId: string): AsyncCache {
    return this.users.namespace(`customer:${customerId}`);
  }
}
