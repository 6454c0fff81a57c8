export const EVENT_TYPES = ['view', 'cart', 'purchase', 'return', 'click'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const VIEW = 0;
export const CART = 1;
export const PURCHASE = 2;
export const RETURN = 3;
export const CLICK = 4;

/** Marks an absent customer, session, quantity or price. */
export const NONE = -1;

/**
 * Events not yet written, in columns (no object per event). Sessions are simulated one after
 * another and overlap in time, and a return lands days after its purchase, so events wait here
 * until every later session starts after them; then they are written in time order.
 */
export class EventBuffer {
  length = 0;
  timeMs = new Float64Array(0);
  customer = new Int32Array(0);
  session = new Int32Array(0);
  product = new Int32Array(0);
  type = new Uint8Array(0);
  quantity = new Int32Array(0);
  price = new Float64Array(0);
  private order = new Uint32Array(0);

  constructor(capacity = 1 << 15) {
    this.grow(capacity);
  }

  push(timeMs: number, customer: number, session: number, product: number, type: number, quantity: number, price: number): void {
    if (this.length === this.timeMs.length) this.grow(this.length * 2);
    const i = this.length++;
    this.timeMs[i] = timeMs;
    this.customer[i] = customer;
    this.session[i] = session;
    this.product[i] = product;
    this.type[i] = type;
    this.quantity[i] = quantity;
    this.price[i] = price;
  }

  /** Hands every event before `limitMs` to `sink` in time order (ties: the order pushed), and keeps the rest. */
  flushBefore(limitMs: number, sink: (buffer: EventBuffer, index: number) => void): void {
    let ready = 0;
    for (let i = 0; i < this.length; i++) if (this.timeMs[i] < limitMs) this.order[ready++] = i;
    const time = this.timeMs;
    const due = this.order.subarray(0, ready).sort((a, b) => time[a] - time[b] || a - b);
    for (let k = 0; k < ready; k++) sink(this, due[k]);
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      if (this.timeMs[i] < limitMs) continue;
      this.timeMs[kept] = this.timeMs[i];
      this.customer[kept] = this.customer[i];
      this.session[kept] = this.session[i];
      this.product[kept] = this.product[i];
      this.type[kept] = this.type[i];
      this.quantity[kept] = this.quantity[i];
      this.price[kept] = this.price[i];
      kept++;
    }
    this.length = kept;
  }

  flushAll(sink: (buffer: EventBuffer, index: number) => void): void {
    this.flushBefore(Number.POSITIVE_INFINITY, sink);
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Int32Array | Uint8Array | Uint32Array>(from: T, to: T): T => {
      to.set(from.subarray(0, this.length));
      return to;
    };
    this.timeMs = copy(this.timeMs, new Float64Array(capacity));
    this.customer = copy(this.customer, new Int32Array(capacity));
    this.session = copy(this.session, new Int32Array(capacity));
    this.product = copy(this.product, new Int32Array(capacity));
    this.type = copy(this.type, new Uint8Array(capacity));
    this.quantity = copy(this.quantity, new Int32Array(capacity));
    this.price = copy(this.price, new Float64Array(capacity));
    this.order = new Uint32Array(capacity);
  }
}
