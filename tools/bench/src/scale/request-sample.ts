import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse/sync';
import type { GeneratedShop } from '../shop-generator/generate-shop';

/** What the server is asked: distinct ids never repeated, so no answer can come from a cache. */
export interface RequestSample {
  customers: string[];
  products: string[];
  queries: string[];
  /** Asked first and not measured (JIT, first reads, the search index), disjoint from the above. */
  warmup: { customers: string[]; products: string[]; queries: string[] };
}

export interface SampleSizes {
  customers: number;
  products: number;
  queries: number;
  warmup: number;
}

export const SAMPLE_SIZES: SampleSizes = { customers: 2_000, products: 2_000, queries: 300, warmup: 200 };

/** The shop's sample, picked once from its files and kept beside them. */
export async function requestSampleOf(shop: GeneratedShop, sizes: SampleSizes = SAMPLE_SIZES): Promise<RequestSample> {
  const file = path.join(shop.dir, `requests-${sizes.customers}-${sizes.products}-${sizes.queries}-${sizes.warmup}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as RequestSample;
  const { buyers, bought } = await purchasesOf(shop.files.events);
  const titles = (parse(readFileSync(shop.files.products), { columns: true, skip_empty_lines: true }) as { title: string }[]).map((r) => r.title);
  const [customers, warmCustomers] = split(spread(buyers, sizes.customers + sizes.warmup), sizes.warmup);
  const [products, warmProducts] = split(spread(bought, sizes.products + sizes.warmup), sizes.warmup);
  const [queries, warmQueries] = split(spread([...new Set(titles.map(queryOf))], sizes.queries + sizes.warmup), sizes.warmup);
  const sample = { customers, products, queries, warmup: { customers: warmCustomers, products: warmProducts, queries: warmQueries } };
  writeFileSync(file, JSON.stringify(sample));
  return sample;
}

/** Customers who bought and products bought, in the order of their first purchase (the model knows them). */
async function purchasesOf(eventsCsv: string): Promise<{ buyers: string[]; bought: string[] }> {
  const buyers = new Set<string>();
  const bought = new Set<string>();
  let header = true;
  // event_id,customer_id,session_id,product_id,type,...: ids and types are never quoted.
  for await (const line of createInterface({ input: createReadStream(eventsCsv), crlfDelay: Infinity })) {
    if (header) {
      header = false;
      continue;
    }
    const [, customer, , product, type] = line.split(',', 5);
    if (type !== 'purchase') continue;
    if (customer) buyers.add(customer);
    bought.add(product);
  }
  return { buyers: [...buyers], bought: [...bought] };
}

/** `count` items spread evenly over the list (all of it when shorter). */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / count)]);
}

/** Every k-th item goes to the second list, `second` of them at most, the rest to the first. */
export function split<T>(items: readonly T[], second: number): [T[], T[]] {
  const every = Math.max(2, Math.floor(items.length / Math.max(1, second)));
  const a: T[] = [];
  const b: T[] = [];
  items.forEach((item, i) => (i % every === every - 1 && b.length < second ? b : a).push(item));
  return [a, b];
}

/** A shopper's query from a title ("Burgundy Galvanised Pruner"): the noun, two words, or a cut-short word. */
function queryOf(title: string, i: number): string {
  const words = title.toLowerCase().split(/\s+/).filter((w) => /^[a-z]{2,}$/.test(w));
  const last = words.at(-1) ?? title.toLowerCase();
  switch (i % 4) {
    case 0:
      return last;
    case 1:
      return words.slice(-2).join(' ') || last;
    case 2:
      return words.slice(0, 2).join(' ') || last;
    default:
      return last.length > 4 ? last.slice(0, 4) : last;
  }
}
