import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ActivityClock } from './activity-clock';
import { PRODUCT_COLUMNS, productId, writeCatalog } from './catalog';
import { CUSTOMER_COLUMNS, chooseStaples, customerId, writeCustomers } from './customers';
import { EVENT_TYPES, EventBuffer, NONE } from './event-buffer';
import { IsoTimeFormatter } from './iso-time';
import { type FieldValue, type RecordFormat, RecordWriter } from './record-writer';
import { ShopSimulator } from './shop-simulator';

export const EVENT_COLUMNS = ['event_id', 'customer_id', 'session_id', 'product_id', 'type', 'quantity', 'price', 'occurred_at'] as const;

export type ShopSize = 'S' | 'M' | 'L';

export interface ShopCounts {
  products: number;
  customers: number;
  events: number;
}

export const SHOP_SIZES: Readonly<Record<ShopSize, ShopCounts>> = {
  S: { products: 5_000, customers: 20_000, events: 500_000 },
  M: { products: 30_000, customers: 200_000, events: 3_000_000 },
  L: { products: 100_000, customers: 1_000_000, events: 10_000_000 },
};

export interface GenerateShopOptions {
  /** Directory to write into; created if missing. */
  dir: string;
  /** A preset size, or `counts` for any other shop (tests use tiny ones). */
  size?: ShopSize;
  counts?: ShopCounts;
  /** Same seed, same bytes. Default 1. */
  seed?: number;
  /** Default 'csv'. */
  format?: RecordFormat;
  /** Writes `*.csv.gz` / `*.jsonl.gz`. Default false. */
  gzip?: boolean;
  /** First instant of the one-year event window. Default 2024-01-01T00:00:00Z. */
  start?: string;
  /** Currency of every price. Default 'EUR'. */
  currency?: string;
}

export interface ShopFiles {
  products: string;
  customers: string;
  events: string;
}

export interface GeneratedShop {
  dir: string;
  seed: number;
  counts: ShopCounts;
  sessions: number;
  files: ShopFiles;
  bytes: ShopCounts;
  firstEventAt: string | null;
  lastEventAt: string | null;
  seconds: number;
}

export const DEFAULT_START = '2024-01-01T00:00:00Z';

// Events wait in the buffer until this many are pending, then everything final is written.
const FLUSH_AT = 1 << 15;

/**
 * Writes a synthetic shop (products, customers, events) in Reco's open file format. Streaming:
 * memory holds the catalog and customers in columns but never the events.
 *
 * events are written in global time order (every later session starts after what was written),
 * with event ids `e-1`, `e-2`, ... in that order; within a session they follow the visit.
 */
export async function generateShop(options: GenerateShopOptions): Promise<GeneratedShop> {
  const started = performance.now();
  const counts = options.counts ?? SHOP_SIZES[options.size ?? 'S'];
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < (name === 'events' ? 0 : 1)) throw new Error(`${name} must be a positive integer, got ${value}`);
  }
  const seed = options.seed ?? 1;
  const format = options.format ?? 'csv';
  const gzip = options.gzip ?? false;
  const startMs = Date.parse(options.start ?? DEFAULT_START);
  if (Number.isNaN(startMs)) throw new Error(`start is not an ISO 8601 time: ${options.start}`);
  mkdirSync(options.dir, { recursive: true });
  const fileOf = (name: string): string => path.join(options.dir, `${name}.${format}${gzip ? '.gz' : ''}`);
  const files: ShopFiles = { products: fileOf('products'), customers: fileOf('customers'), events: fileOf('events') };
  const clock = new ActivityClock(startMs);
  const times = new IsoTimeFormatter();

  const productWriter = RecordWriter.open(files.products, PRODUCT_COLUMNS, { format, gzip });
  const catalog = await writeCatalog(productWriter, { count: counts.products, seed, startMs, currency: options.currency ?? 'EUR', times });
  await productWriter.close();

  const customerWriter = RecordWriter.open(files.customers, CUSTOMER_COLUMNS, { format, gzip });
  const customers = await writeCustomers(customerWriter, { count: counts.customers, seed, catalog, clock, times });
  await customerWriter.close();

  const staples = chooseStaples(customers, catalog, { seed, events: counts.events, startMs });
  const buffer = new EventBuffer();
  const simulator = new ShopSimulator(catalog, customers, staples, clock, buffer, counts.events, seed);
  const eventWriter = RecordWriter.open(files.events, EVENT_COLUMNS, { format, gzip });
  // Ids are formatted once, not once per event: an event row is then mostly string joins.
  const productIds = Array.from({ length: counts.products }, (_, i) => productId(i, counts.products));
  const row: FieldValue[] = new Array<FieldValue>(EVENT_COLUMNS.length);
  let written = 0;
  let firstMs = Number.NaN;
  let lastMs = Number.NaN;
  const writeEvent = (events: EventBuffer, i: number): void => {
    const customer = events.customer[i];
    const session = events.session[i];
    const quantity = events.quantity[i];
    const price = events.price[i];
    lastMs = events.timeMs[i];
    if (written === 0) firstMs = lastMs;
    row[0] = `e-${++written}`;
    row[1] = customer === NONE ? null : customerId(customer, counts.customers);
    row[2] = session === NONE ? null : `s-${session + 1}`;
    row[3] = productIds[events.product[i]];
    row[4] = EVENT_TYPES[events.type[i]];
    row[5] = quantity === NONE ? null : quantity;
    row[6] = price === NONE ? null : price;
    row[7] = times.format(lastMs);
    eventWriter.write(row);
  };
  while (simulator.next()) {
    if (buffer.length < FLUSH_AT) continue;
    buffer.flushBefore(simulator.sessionStartMs, writeEvent);
    if (eventWriter.needsDrain) await eventWriter.drain();
  }
  buffer.flushAll(writeEvent);
  await eventWriter.close();

  const size = (file: string): number => statSync(file).size;
  return {
    dir: options.dir,
    seed,
    counts: { products: counts.products, customers: counts.customers, events: written },
    sessions: simulator.sessions,
    files,
    bytes: { products: size(files.products), customers: size(files.customers), events: size(files.events) },
    firstEventAt: written > 0 ? new IsoTimeFormatter().format(firstMs) : null,
    lastEventAt: written > 0 ? new IsoTimeFormatter().format(lastMs) : null,
    seconds: (performance.now() - started) / 1000,
  };
}
