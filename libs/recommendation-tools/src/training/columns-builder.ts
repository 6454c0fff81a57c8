import { INTERACTION_KINDS, type InteractionColumns, type PurchaseColumns } from '../model/purchase-columns';

type Grown = Int32Array | Float32Array | Float64Array | Uint8Array;

function grown<T extends Grown>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Appends rows into growable typed arrays; the same shape as toPurchaseColumns gives. */
export class ColumnsBuilder {
  private readonly customers = new Map<string, number>();
  private readonly products = new Map<string, number>();
  private readonly countries = new Map<string, number>();
  private readonly unavailable = new Set<number>();
  private length = 0;
  private customer = new Int32Array(1024);
  private product = new Int32Array(1024);
  private quantity = new Float32Array(1024);
  private time = new Float64Array(1024);
  private country = new Int32Array(1024);
  private interactionLength = 0;
  private interactions: InteractionColumns = { customer: new Int32Array(1024), product: new Int32Array(1024), kind: new Uint8Array(1024), time: new Float64Array(1024) };

  /** `available` false: the catalogue does not offer the product now (it trains all the same). */
  add(customerId: string, productId: string, quantity: number, time: number, country?: string, available = true): void {
    if (this.length === this.customer.length) this.grow();
    const i = this.length++;
    this.customer[i] = this.customerIndex(customerId);
    this.product[i] = this.productIndex(productId, available);
    this.quantity[i] = quantity;
    this.time[i] = time;
    this.country[i] = country === undefined ? -1 : indexOf(this.countries, country);
  }

  /** Purchase rows added so far. */
  get size(): number {
    return this.length;
  }

  /** The customer's index in the columns (added if new). */
  customerIndex(customerId: string): number {
    return indexOf(this.customers, customerId);
  }

  /** Sets a purchase row's time after the fact (a purchase event takes its basket's first time). */
  setTime(row: number, time: number): void {
    if (row >= this.length) throw new RangeError(`row ${row} of ${this.length}`);
    this.time[row] = time;
  }

  /** A view (or click) or a cart. */
  addInteraction(customerId: string, productId: string, kind: (typeof INTERACTION_KINDS)[number], time: number, available = true): void {
    let ix = this.interactions;
    if (this.interactionLength === ix.customer.length) {
      const size = ix.customer.length * 2;
      ix = this.interactions = { customer: grown(ix.customer, size), product: grown(ix.product, size), kind: grown(ix.kind, size), time: grown(ix.time, size) };
    }
    const i = this.interactionLength++;
    ix.customer[i] = this.customerIndex(customerId);
    ix.product[i] = this.productIndex(productId, available);
    ix.kind[i] = INTERACTION_KINDS.indexOf(kind);
    ix.time[i] = time;
  }

  build(): PurchaseColumns {
    const n = this.length;
    const m = this.interactionLength;
    const ix = this.interactions;
    const out: PurchaseColumns = {
      customerIds: [...this.customers.keys()],
      productIds: [...this.products.keys()],
      countries: [...this.countries.keys()],
      customer: this.customer.slice(0, n),
      product: this.product.slice(0, n),
      quantity: this.quantity.slice(0, n),
      time: this.time.slice(0, n),
      country: this.country.slice(0, n),
    };
    if (m > 0) out.interactions = { customer: ix.customer.slice(0, m), product: ix.product.slice(0, m), kind: ix.kind.slice(0, m), time: ix.time.slice(0, m) };
    if (this.unavailable.size > 0) {
      out.available = new Uint8Array(this.products.size).fill(1);
      for (const p of this.unavailable) out.available[p] = 0;
    }
    return out;
  }

  private productIndex(productId: string, available: boolean): number {
    const p = indexOf(this.products, productId);
    if (!available) this.unavailable.add(p);
    return p;
  }

  private grow(): void {
    const size = this.customer.length * 2;
    this.customer = grown(this.customer, size);
    this.product = grown(this.product, size);
    this.quantity = grown(this.quantity, size);
    this.time = grown(this.time, size);
    this.country = grown(this.country, size);
  }
}

function indexOf(map: Map<string, number>, key: string): number {
  let i = map.get(key);
  if (i === undefined) map.set(key, (i = map.size));
  return i;
}
