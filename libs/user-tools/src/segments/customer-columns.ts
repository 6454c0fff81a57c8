import type { CustomerAggregate } from '@reco/data';

const DAY_MS = 86_400_000;
const INITIAL_CAPACITY = 1_024;

/**
 * Every segmented customer's figures as columns, one typed array per figure, customers in the
 * order read (by id): a million customers take about 60 MB here, where an object per customer
 * (and the copies the steps made of them) took several times that.
 */
export class CustomerColumns {
  readonly ids: string[] = [];
  /** 1 when the customer has a purchase: scored by quantile and clustered. */
  buyer = new Uint8Array(INITIAL_CAPACITY);
  /** Whole days from the reference date to the last purchase (without one: the last order of any kind). */
  recencyDays = new Int32Array(INITIAL_CAPACITY);
  /** Purchase orders. */
  frequency = new Int32Array(INITIAL_CAPACITY);
  /** Net spend (purchases minus returns), to the cent. */
  monetary = new Float64Array(INITIAL_CAPACITY);
  /** Gross spend per purchase order, to the cent (0 without purchases). */
  averageBasket = new Float64Array(INITIAL_CAPACITY);
  purchaseValue = new Float64Array(INITIAL_CAPACITY);
  returnValue = new Float64Array(INITIAL_CAPACITY);
  distinctProducts = new Int32Array(INITIAL_CAPACITY);

  /** `referenceDate`: the latest purchase in the data, which recency counts back from. */
  constructor(private readonly referenceDate: Date) {}

  get count(): number {
    return this.ids.length;
  }

  add(a: CustomerAggregate): void {
    const i = this.ids.length;
    if (i === this.buyer.length) this.grow();
    this.ids.push(a.customerId);
    this.buyer[i] = a.orders > 0 && a.lastPurchaseAt !== null ? 1 : 0;
    this.recencyDays[i] = Math.max(0, Math.floor((this.referenceDate.getTime() - (a.lastPurchaseAt ?? a.lastOrderAt).getTime()) / DAY_MS));
    this.frequency[i] = a.orders;
    this.monetary[i] = Math.round((a.purchaseValue - a.returnValue) * 100) / 100;
    this.averageBasket[i] = a.orders > 0 ? Math.round((a.purchaseValue / a.orders) * 100) / 100 : 0;
    this.purchaseValue[i] = a.purchaseValue;
    this.returnValue[i] = a.returnValue;
    this.distinctProducts[i] = a.distinctProducts;
  }

  /** The columns of every customer in `pages`, yielding to the event loop between pages. */
  static async read(pages: AsyncIterable<readonly CustomerAggregate[]>, referenceDate: Date): Promise<CustomerColumns> {
    const columns = new CustomerColumns(referenceDate);
    for await (const page of pages) {
      for (const a of page) columns.add(a);
      // SQLite's driver answers synchronously: without this the whole read is one block of microtasks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return columns;
  }

  static of(aggregates: readonly CustomerAggregate[], referenceDate: Date): CustomerColumns {
    const columns = new CustomerColumns(referenceDate);
    for (const a of aggregates) columns.add(a);
    return columns;
  }

  private grow(): void {
    const capacity = this.buyer.length * 2;
    this.buyer = grown(this.buyer, capacity);
    this.recencyDays = grown(this.recencyDays, capacity);
    this.frequency = grown(this.frequency, capacity);
    this.monetary = grown(this.monetary, capacity);
    this.averageBasket = grown(this.averageBasket, capacity);
    this.purchaseValue = grown(this.purchaseValue, capacity);
    this.returnValue = grown(this.returnValue, capacity);
    this.distinctProducts = grown(this.distinctProducts, capacity);
  }
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(from: T, capacity: number): T {
  const out = new (from.constructor as new (n: number) => T)(capacity);
  out.set(from);
  return out;
}
