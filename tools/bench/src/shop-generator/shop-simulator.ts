import { type ActivityClock, DAY_MS, YEAR_DAYS } from './activity-clock';
import { type Catalog, sampleProduct } from './catalog';
import { type CustomerBase, MAX_FAVOURITES, type Staples } from './customers';
import { CART, CLICK, type EventBuffer, NONE, PURCHASE, RETURN, VIEW } from './event-buffer';
import { SeededRandom, sampleCumulative } from './seeded-random';

// Sessions are paced so the event budget is spent by this activity day (of 365).
const HORIZON_DAYS = 364.8;
const ANONYMOUS_VISITOR_SHARE = 0.22;
const SIGNED_IN_SHARE = 0.85;
const FAVOURITE_LEAF_SHARE = 0.72;
const SIBLING_LEAF_SHARE = 0.12;
const RETURN_SHARE = 0.04;

/**
 * Simulates the shop's sessions in order of their start, pushing their events into a buffer.
 *
 * Browsing sessions arrive as one Poisson stream whose rate is re-aimed after every session at
 * the remaining event budget over the remaining days; each is a known customer picked by
 * activity (loyal to a few favourite leaves, sometimes wandering) or an anonymous visitor.
 * Replenishment sessions come from a heap of staples due at each customer's personal interval.
 */
export class ShopSimulator {
  emitted = 0;
  sessions = 0;
  /** Calendar start of the latest session: no later session starts before it. */
  sessionStartMs = 0;
  private day = 0;
  private nextBrowseDay = 0;
  private eventsPerBrowse = 5;
  private stapleEvents = 0;
  private readonly random: SeededRandom;
  private readonly staplesDue: StapleHeap;
  private readonly cartProduct: number[] = [];
  private readonly cartQuantity: number[] = [];
  private readonly cartPrice: number[] = [];

  constructor(
    private readonly catalog: Catalog,
    private readonly customers: CustomerBase,
    private readonly staples: Staples,
    private readonly clock: ActivityClock,
    private readonly buffer: EventBuffer,
    private readonly budget: number,
    seed: number,
  ) {
    this.random = SeededRandom.derive(seed, 4);
    this.staplesDue = new StapleHeap(staples.count);
    for (let s = 0; s < staples.count; s++) {
      const signedUp = Math.max(0, customers.createdDay[staples.customer[s]]);
      this.staplesDue.push(signedUp + this.random.float() * staples.intervalDays[s], s);
    }
    this.scheduleBrowse();
  }

  get done(): boolean {
    return this.emitted >= this.budget;
  }

  /** Simulates the next session; false once the budget is spent. */
  next(): boolean {
    if (this.done) return false;
    const before = this.emitted;
    if (this.staplesDue.size > 0 && this.staplesDue.peekDay() <= this.nextBrowseDay) {
      const due = this.staplesDue.peekDay();
      const staple = this.staplesDue.pop();
      this.day = Math.max(this.day, due);
      this.replenish(staple);
      this.stapleEvents += this.emitted - before;
    } else {
      this.day = this.nextBrowseDay;
      this.browse();
      this.eventsPerBrowse += (this.emitted - before - this.eventsPerBrowse) * 0.002;
      this.scheduleBrowse();
    }
    return !this.done;
  }

  /** Aims the browsing rate at spending what replenishment leaves of the budget by the horizon. */
  private scheduleBrowse(): void {
    // Replenishment's pace is measured once there is some history, and guessed before.
    const stapleEventsPerDay = this.day > 14 ? this.stapleEvents / this.day : this.staples.sessionsPerDay * 3;
    const eventsPerDay = (this.budget - this.emitted) / Math.max(HORIZON_DAYS - this.day, 0.1);
    const browsePerDay = Math.max(eventsPerDay - stapleEventsPerDay, 0.25 * eventsPerDay) / this.eventsPerBrowse;
    // A tiny budget draws long gaps; halving the time left keeps every session inside the year.
    this.nextBrowseDay = this.day + Math.min(this.random.exponential(1 / browsePerDay), (YEAR_DAYS - this.day) / 2);
  }

  private emit(timeMs: number, customer: number, session: number, product: number, type: number, quantity = NONE, price = NONE): void {
    if (this.emitted >= this.budget) return;
    this.buffer.push(timeMs, customer, session, product, type, quantity, price);
    this.emitted++;
  }

  private startSession(): number {
    this.sessionStartMs = this.clock.toMs(this.day);
    return this.sessions++;
  }

  private browse(): void {
    const random = this.random;
    let customer = NONE;
    if (!random.chance(ANONYMOUS_VISITOR_SHARE)) {
      customer = sampleCumulative(this.customers.activitySums, this.customers.count, random);
      // Someone who has not signed up yet browses as an anonymous visitor.
      if (this.customers.createdDay[customer] > this.day) customer = NONE;
    }
    const known = customer !== NONE;
    const tagged = known && random.chance(SIGNED_IN_SHARE) ? customer : NONE;
    const session = this.startSession();
    let t = this.sessionStartMs;
    let leaf = this.chooseLeaf(customer);
    const views = 1 + Math.min(29, random.geometric(known ? 3.5 : 2));
    const cartChance = known ? 0.09 : 0.04;
    this.cartProduct.length = 0;
    this.cartQuantity.length = 0;
    this.cartPrice.length = 0;
    for (let v = 0; v < views && !this.done; v++) {
      if (v > 0 && random.chance(0.2)) leaf = this.chooseLeaf(customer);
      const product = sampleProduct(this.catalog, leaf, t, random);
      // A click is the tap on a list, recommendation or search result that opens the product.
      if (random.chance(0.3)) {
        this.emit(t, tagged, session, product, CLICK);
        t += 1000 + random.float() * 4000;
      }
      this.emit(t, tagged, session, product, VIEW);
      t += 5000 + random.exponential(40_000);
      if (random.chance(cartChance)) {
        const quantity = this.quantity();
        const price = this.salePrice(product);
        this.emit(t, tagged, session, product, CART, quantity, price);
        this.cartProduct.push(product);
        this.cartQuantity.push(quantity);
        this.cartPrice.push(price);
        t += 3000 + random.exponential(20_000);
      } else if (tagged !== NONE && random.chance(0.008)) {
        // "Buy now": a purchase with no cart before it.
        this.buy(t, customer, tagged, session, product, 1, this.salePrice(product));
        t += 20_000;
      }
    }
    const checkout = known ? 0.55 : 0.35;
    for (let k = 0; k < this.cartProduct.length; k++) {
      if (!random.chance(checkout)) continue;
      t += 10_000 + random.exponential(30_000);
      this.buy(t, customer, tagged, session, this.cartProduct[k], this.cartQuantity[k], this.cartPrice[k]);
    }
  }

  /** A staple falls due: the customer comes back for it (mostly straight to cart), then browses a little. */
  private replenish(staple: number): void {
    const random = this.random;
    const customer = this.staples.customer[staple];
    const interval = this.staples.intervalDays[staple];
    const signedUp = this.customers.createdDay[customer];
    if (signedUp > this.day) {
      this.staplesDue.push(signedUp + random.float() * interval, staple);
      return;
    }
    const tagged = random.chance(0.95) ? customer : NONE;
    const session = this.startSession();
    const product = this.staples.product[staple];
    let t = this.sessionStartMs;
    if (random.chance(0.5)) {
      this.emit(t, tagged, session, product, VIEW);
      t += 5000 + random.exponential(20_000);
    }
    // Now and then the customer skips a round (bought elsewhere, still has some).
    if (random.chance(0.9)) {
      const quantity = 1 + (random.chance(0.3) ? random.int(3) : 0);
      const price = this.salePrice(product);
      this.emit(t, tagged, session, product, CART, quantity, price);
      t += 10_000 + random.exponential(30_000);
      this.buy(t, customer, tagged, session, product, quantity, price);
    }
    for (let v = random.geometric(0.6); v > 0 && !this.done; v--) {
      t += 5000 + random.exponential(40_000);
      this.emit(t, tagged, session, sampleProduct(this.catalog, this.chooseLeaf(customer), t, random), VIEW);
    }
    this.staplesDue.push(this.day + Math.max(1, interval * random.logNormal(1, 0.15)), staple);
  }

  private buy(t: number, customer: number, tagged: number, session: number, product: number, quantity: number, price: number): void {
    this.emit(t, tagged, session, product, PURCHASE, quantity, price);
    // A return names the customer only: it is handled later, outside any session.
    if (customer !== NONE && this.random.chance(RETURN_SHARE)) {
      const at = t + (2 + this.random.exponential(8)) * DAY_MS;
      if (at < this.clock.endMs) this.emit(at, customer, NONE, product, RETURN, quantity, price);
    }
  }

  /** Mostly one of the customer's favourite leaves (the first the strongest), else a neighbour or anywhere. */
  private chooseLeaf(customer: number): number {
    const random = this.random;
    const roll = random.float();
    const favourites = customer === NONE ? 0 : this.customers.favouriteCount[customer];
    if (favourites > 0 && roll < FAVOURITE_LEAF_SHARE + SIBLING_LEAF_SHARE) {
      let k = 0;
      while (k < favourites - 1 && random.chance(0.45)) k++;
      const favourite = this.customers.favourites[customer * MAX_FAVOURITES + k];
      const siblings = this.catalog.leaves[favourite].siblings;
      return roll < FAVOURITE_LEAF_SHARE || siblings.length === 0 ? favourite : random.pick(siblings);
    }
    return sampleCumulative(this.catalog.leafSums, this.catalog.leaves.length, random);
  }

  private quantity(): number {
    const roll = this.random.float();
    return roll < 0.85 ? 1 : roll < 0.95 ? 2 : 3 + this.random.int(2);
  }

  /** The list price, or now and then a sale price. */
  private salePrice(product: number): number {
    const price = this.catalog.price[product];
    return this.random.chance(0.1) ? Math.round(price * 85) / 100 : price;
  }
}

/** Min-heap of staples by the activity day they fall due. */
class StapleHeap {
  size = 0;
  private readonly day: Float64Array;
  private readonly staple: Int32Array;

  constructor(capacity: number) {
    this.day = new Float64Array(capacity);
    this.staple = new Int32Array(capacity);
  }

  peekDay(): number {
    return this.day[0];
  }

  push(day: number, staple: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.day[parent] <= day) break;
      this.day[i] = this.day[parent];
      this.staple[i] = this.staple[parent];
      i = parent;
    }
    this.day[i] = day;
    this.staple[i] = staple;
  }

  pop(): number {
    const top = this.staple[0];
    const day = this.day[--this.size];
    const staple = this.staple[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.day[child + 1] < this.day[child]) child++;
      if (this.day[child] >= day) break;
      this.day[i] = this.day[child];
      this.staple[i] = this.staple[child];
      i = child;
    }
    this.day[i] = day;
    this.staple[i] = staple;
    return top;
  }
}
