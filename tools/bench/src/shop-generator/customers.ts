import { type ActivityClock, DAY_MS, YEAR_DAYS } from './activity-clock';
import { type Catalog, sampleProduct } from './catalog';
import type { IsoTimeFormatter } from './iso-time';
import type { FieldValue, RecordWriter } from './record-writer';
import { SeededRandom, cumulative, sampleCumulative } from './seeded-random';
import { COUNTRIES } from './vocabulary';

export const CUSTOMER_COLUMNS = ['id', 'country', 'created_at'] as const;
export const MAX_FAVOURITES = 4;

const SIGNED_UP_BEFORE_SHARE = 0.65;
// Favourite leaves per customer: 1, 2, 3 or 4.
const FAVOURITE_COUNT_SUMS = cumulative([0.3, 0.35, 0.25, 0.1]);
const COUNTRY_SUMS = cumulative(COUNTRIES.map(([, weight]) => weight));
// Replenishment is capped to about this share of all events, whatever the shop's size.
const STAPLE_EVENT_SHARE = 0.1;
const EVENTS_PER_STAPLE_CUSTOMER = 45;

/** What the event simulation needs to know about customers, in columns. */
export interface CustomerBase {
  count: number;
  /** When the customer signed up, on the activity axis (negative: before the data year). */
  createdDay: Float64Array;
  /** Running sums of how often each customer visits (log-normal: a few very active ones). */
  activitySums: Float64Array;
  /** Favourite leaves, MAX_FAVOURITES slots per customer, the strongest first. */
  favourites: Int32Array;
  favouriteCount: Uint8Array;
}

/** Products customers re-buy at a personal interval (coffee, cat food, printer ink). */
export interface Staples {
  count: number;
  customer: Int32Array;
  product: Int32Array;
  intervalDays: Float64Array;
  /** Expected replenishment sessions per day across the shop. */
  sessionsPerDay: number;
}

export function customerId(index: number, count: number): string {
  return `C-${String(index + 1).padStart(Math.max(7, String(count).length), '0')}`;
}

/** Draws the customers and writes one row each: country, sign-up time, loyalty and activity. */
export async function writeCustomers(
  writer: RecordWriter,
  options: { count: number; seed: number; catalog: Catalog; clock: ActivityClock; times: IsoTimeFormatter },
): Promise<CustomerBase> {
  const { count, catalog, clock } = options;
  const random = SeededRandom.derive(options.seed, 2);
  const createdDay = new Float64Array(count);
  const activity = new Float64Array(count);
  const favourites = new Int32Array(count * MAX_FAVOURITES);
  const favouriteCount = new Uint8Array(count);
  const row: FieldValue[] = new Array<FieldValue>(CUSTOMER_COLUMNS.length);
  for (let i = 0; i < count; i++) {
    let createdMs: number;
    if (random.chance(SIGNED_UP_BEFORE_SHARE)) {
      createdMs = clock.startMs - random.float() * 2 * YEAR_DAYS * DAY_MS;
      createdDay[i] = (createdMs - clock.startMs) / DAY_MS;
    } else {
      // Sign-ups follow the shop's traffic, so they are placed on the activity axis.
      createdDay[i] = random.float() * YEAR_DAYS;
      createdMs = clock.toMs(createdDay[i]);
    }
    activity[i] = random.logNormal(1, 1.1);
    const wanted = Math.min(1 + sampleCumulative(FAVOURITE_COUNT_SUMS, MAX_FAVOURITES, random), catalog.leaves.length);
    let found = 0;
    for (let attempt = 0; found < wanted && attempt < 20; attempt++) {
      const leaf = sampleCumulative(catalog.leafSums, catalog.leaves.length, random);
      let seen = false;
      for (let k = 0; k < found; k++) seen ||= favourites[i * MAX_FAVOURITES + k] === leaf;
      if (!seen) favourites[i * MAX_FAVOURITES + found++] = leaf;
    }
    favouriteCount[i] = found;
    row[0] = customerId(i, count);
    row[1] = COUNTRIES[sampleCumulative(COUNTRY_SUMS, COUNTRIES.length, random)][0];
    row[2] = options.times.format(createdMs);
    writer.write(row);
    if (writer.needsDrain) await writer.drain();
  }
  return { count, createdDay, activitySums: cumulative(activity), favourites, favouriteCount };
}

/** Gives some customers 1-3 staples from consumable leaves, a favourite one when they have it. */
export function chooseStaples(customers: CustomerBase, catalog: Catalog, options: { seed: number; events: number; startMs: number }): Staples {
  const random = SeededRandom.derive(options.seed, 3);
  const wantedCustomers = Math.min(Math.round(0.25 * customers.count), Math.floor((STAPLE_EVENT_SHARE * options.events) / EVENTS_PER_STAPLE_CUSTOMER));
  const share = wantedCustomers / Math.max(1, customers.count);
  const customer: number[] = [];
  const product: number[] = [];
  const intervalDays: number[] = [];
  const consumable = catalog.consumableLeaves.length > 0 ? catalog.consumableLeaves : catalog.leaves.map((_, i) => i);
  for (let c = 0; c < customers.count; c++) {
    if (!random.chance(share)) continue;
    const own: number[] = [];
    for (let k = 0; k < customers.favouriteCount[c]; k++) {
      const leaf = customers.favourites[c * MAX_FAVOURITES + k];
      if (catalog.leaves[leaf].consumable) own.push(leaf);
    }
    const staples = random.chance(0.6) ? 1 : random.chance(0.75) ? 2 : 3;
    for (let s = 0; s < staples; s++) {
      const leaf = own.length > 0 && random.chance(0.7) ? random.pick(own) : random.pick(consumable);
      customer.push(c);
      product.push(sampleProduct(catalog, leaf, options.startMs, random));
      intervalDays.push(Math.min(120, Math.max(7, random.logNormal(35, 0.45))));
    }
  }
  return {
    count: customer.length,
    customer: Int32Array.from(customer),
    product: Int32Array.from(product),
    intervalDays: Float64Array.from(intervalDays),
    sessionsPerDay: intervalDays.reduce((sum, days) => sum + 1 / days, 0),
  };
}
