const DAY_MS = 86_400_000;

/**
 * The baskets of purchase events as purchaseBasketKey (@reco/data) forms them: one session, else
 * one customer's UTC day. Keeps each basket's first time and each added event's basket in typed
 * arrays, so a read of millions of events holds no object per event.
 */
export class PurchaseBaskets {
  /** Events added. */
  size = 0;
  /** Session baskets by the session id, day baskets by a number (a Map never takes 1 for '1'). */
  private readonly baskets = new Map<string | number, number>();
  private basketOfEvent = new Int32Array(1024);
  private firstTime = new Float64Array(1024);

  /** The next event: `customer` is the customer's index, unique per customer id. */
  add(customer: number, session: string | null, time: number): void {
    // Exact while the customer index < 2^29 and the day within ±2^23 days (23,000 years) of 1970.
    const key = session ?? customer * 2 ** 24 + Math.floor(time / DAY_MS) + 2 ** 23;
    let basket = this.baskets.get(key);
    if (basket === undefined) {
      basket = this.baskets.size;
      this.baskets.set(key, basket);
      if (basket === this.firstTime.length) this.firstTime = doubled(this.firstTime);
      this.firstTime[basket] = time;
    } else if (time < this.firstTime[basket]) this.firstTime[basket] = time;
    if (this.size === this.basketOfEvent.length) this.basketOfEvent = doubled(this.basketOfEvent);
    this.basketOfEvent[this.size++] = basket;
  }

  /** The first time of the basket of the `event`-th event added. */
  firstTimeOf(event: number): number {
    return this.firstTime[this.basketOfEvent[event]];
  }
}

function doubled<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}
