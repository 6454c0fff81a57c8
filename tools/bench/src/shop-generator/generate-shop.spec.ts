import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { EVENT_COLUMNS, type GeneratedShop, generateShop } from './generate-shop';
import { csvField } from './record-writer';

const TINY = { products: 300, customers: 200, events: 20_000 };
const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type Row = Record<string, string>;

const readCsv = (file: string): Row[] => parse(readFileSync(file, 'utf8'), { columns: true }) as Row[];
const headerOf = (file: string): string => readFileSync(file, 'utf8').split('\n', 1)[0];

describe('generateShop', () => {
  let root: string;
  let shop: GeneratedShop;
  let products: Row[];
  let customers: Row[];
  let events: Row[];

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'shop-generator-'));
    shop = await generateShop({ dir: path.join(root, 'a'), counts: TINY, seed: 7 });
    products = readCsv(shop.files.products);
    customers = readCsv(shop.files.customers);
    events = readCsv(shop.files.events);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // Its speed is the shop-generator benchmark's to measure, not a unit test's.
  it('writes the requested counts', () => {
    expect(shop.counts).toEqual(TINY);
    expect([products.length, customers.length, events.length]).toEqual([TINY.products, TINY.customers, TINY.events]);
  });

  it('writes the exact header rows of the open format', () => {
    expect(headerOf(shop.files.products)).toBe('id,title,price,categories,tags,available,created_at,description,currency,image_url,url');
    expect(headerOf(shop.files.customers)).toBe('id,country,created_at');
    expect(headerOf(shop.files.events)).toBe('event_id,customer_id,session_id,product_id,type,quantity,price,occurred_at');
  });

  it('is deterministic by seed: same seed, same bytes; another seed, other bytes', async () => {
    const again = await generateShop({ dir: path.join(root, 'b'), counts: TINY, seed: 7 });
    const other = await generateShop({ dir: path.join(root, 'c'), counts: TINY, seed: 8 });
    for (const name of ['products', 'customers', 'events'] as const) {
      expect(readFileSync(again.files[name]).equals(readFileSync(shop.files[name]))).toBe(true);
      expect(readFileSync(other.files[name]).equals(readFileSync(shop.files[name]))).toBe(false);
    }
  });

  it('writes well-formed products: ids, category paths, tags, prices, times', () => {
    const ids = new Set(products.map((p) => p.id));
    expect(ids.size).toBe(TINY.products);
    for (const p of products) {
      expect(p.id).toMatch(/^SKU-\d{6}$/);
      expect(p.title.length).toBeGreaterThan(0);
      expect(Number(p.price)).toBeGreaterThan(0);
      for (const category of p.categories.split('|')) expect(category).toMatch(/^[A-Z][^|>]*( > [A-Z][^|>]*){2}$/);
      const tags = p.tags.split('|');
      for (const tag of tags) expect(tag).toMatch(/^[a-z0-9-]+(:[a-z0-9-]+)?$/);
      expect(tags.filter((t) => t.startsWith('brand:'))).toHaveLength(1);
      expect(tags.filter((t) => t.startsWith('material:'))).toHaveLength(1);
      expect(['true', 'false']).toContain(p.available);
      expect(p.created_at).toMatch(ISO_SECOND);
    }
    // Several leaves, a few unavailable products, some colours, some new arrivals.
    expect(new Set(products.map((p) => p.categories.split('|')[0])).size).toBeGreaterThanOrEqual(10);
    expect(products.filter((p) => p.available === 'false').length).toBeGreaterThan(0);
    expect(products.some((p) => p.tags.includes('color:'))).toBe(true);
    expect(products.some((p) => p.created_at >= '2024-01-01')).toBe(true);
  });

  it('quotes CSV cells with commas, quotes and line breaks (RFC 4180), and they read back', () => {
    expect(csvField('Red Enamel Mug')).toBe('Red Enamel Mug');
    expect(csvField('Mug, Set of 2')).toBe('"Mug, Set of 2"');
    expect(csvField('Board 16"')).toBe('"Board 16"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    // The tiny shop has such titles; csv-parse read every row with the right number of cells.
    expect(products.some((p) => p.title.includes(','))).toBe(true);
    expect(products.some((p) => p.title.endsWith('"'))).toBe(true);
    expect(products.every((p) => p.description.startsWith(`${p.title} by `))).toBe(true);
  });

  it('writes customers with a country and a sign-up time', () => {
    for (const c of customers) {
      expect(c.id).toMatch(/^C-\d{7}$/);
      expect(c.country).toMatch(/^[A-Z]{2}$/);
      expect(c.created_at).toMatch(ISO_SECOND);
    }
  });

  it('writes events that reference existing products and customers, with unique ids, in time order', () => {
    const productIds = new Set(products.map((p) => p.id));
    const customerIds = new Set(customers.map((c) => c.id));
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    // Collected, not asserted row by row: 20,000 rows of expect() would take seconds.
    const wrong: string[] = [];
    let previous = '';
    for (const e of events) {
      const priced = e.type === 'cart' || e.type === 'purchase' || e.type === 'return';
      const problems = [
        !productIds.has(e.product_id) && 'unknown product',
        e.customer_id !== '' && !customerIds.has(e.customer_id) && 'unknown customer',
        !e.customer_id && !e.session_id && 'neither customer nor session',
        !['view', 'cart', 'purchase', 'return', 'click'].includes(e.type) && 'unknown type',
        (e.quantity === '') === priced && 'quantity',
        (e.price === '') === priced && 'price',
        priced && !(Number(e.quantity) > 0 && Number(e.price) > 0) && 'quantity or price not positive',
        !ISO_SECOND.test(e.occurred_at) && 'time format',
        e.occurred_at < previous && 'out of time order',
      ].filter((problem): problem is string => typeof problem === 'string');
      if (problems.length > 0) wrong.push(`${e.event_id}: ${problems.join(', ')}`);
      previous = e.occurred_at;
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(events[0].occurred_at >= '2024-01-01T00:00:00Z').toBe(true);
    expect(events[events.length - 1].occurred_at < '2025-01-01T00:00:00Z').toBe(true);
  });

  it('simulates sessions: anonymous, signed-in and customer-only events; purchases follow carts; returns follow purchases', () => {
    const count = (test: (e: Row) => boolean): number => events.filter(test).length;
    expect(count((e) => !e.customer_id && !!e.session_id)).toBeGreaterThan(0);
    expect(count((e) => !!e.customer_id && !!e.session_id)).toBeGreaterThan(events.length / 2);
    expect(count((e) => !!e.customer_id && !e.session_id)).toBeGreaterThan(0);
    expect(count((e) => e.type === 'view')).toBeGreaterThan(count((e) => e.type === 'cart'));
    expect(count((e) => e.type === 'cart')).toBeGreaterThan(count((e) => e.type === 'purchase'));

    const carted = new Set<string>();
    const bought = new Set<string>();
    let purchases = 0;
    let afterCart = 0;
    for (const e of events) {
      if (e.type === 'cart') carted.add(`${e.session_id}/${e.product_id}`);
      if (e.type === 'purchase') {
        purchases++;
        if (carted.has(`${e.session_id}/${e.product_id}`)) afterCart++;
        if (e.customer_id) bought.add(`${e.customer_id}/${e.product_id}`);
      }
      if (e.type === 'return') expect(e.customer_id).not.toBe('');
    }
    expect(afterCart / purchases).toBeGreaterThan(0.9);
    // A return's purchase may have been made signed out; most were made signed in.
    const returns = events.filter((e) => e.type === 'return');
    expect(returns.length).toBeGreaterThan(0);
    expect(returns.filter((e) => bought.has(`${e.customer_id}/${e.product_id}`)).length / returns.length).toBeGreaterThan(0.6);
  });

  it('gives customers structure to learn: loyalty to few categories and re-bought staples', () => {
    const leafOf = new Map(products.map((p) => [p.id, p.categories.split('|')[0]]));
    const viewsByCustomer = new Map<string, Map<string, number>>();
    const purchasesByPair = new Map<string, number>();
    for (const e of events) {
      if (!e.customer_id) continue;
      if (e.type === 'view') {
        const leaves = viewsByCustomer.get(e.customer_id) ?? new Map<string, number>();
        const leaf = leafOf.get(e.product_id) ?? '';
        leaves.set(leaf, (leaves.get(leaf) ?? 0) + 1);
        viewsByCustomer.set(e.customer_id, leaves);
      }
      if (e.type === 'purchase') purchasesByPair.set(`${e.customer_id}/${e.product_id}`, (purchasesByPair.get(`${e.customer_id}/${e.product_id}`) ?? 0) + 1);
    }
    // Each customer's own two leaves hold most of their views, far more than the shop's two busiest leaves do.
    const overall = new Map<string, number>();
    for (const leaves of viewsByCustomer.values()) for (const [leaf, n] of leaves) overall.set(leaf, (overall.get(leaf) ?? 0) + n);
    const busiest = [...overall.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([leaf]) => leaf);
    let ownShare = 0;
    let busiestShare = 0;
    let active = 0;
    for (const leaves of viewsByCustomer.values()) {
      const counts = [...leaves.values()].sort((a, b) => b - a);
      const total = counts.reduce((a, b) => a + b, 0);
      if (total < 20) continue;
      active++;
      ownShare += (counts[0] + (counts[1] ?? 0)) / total;
      busiestShare += busiest.reduce((sum, leaf) => sum + (leaves.get(leaf) ?? 0), 0) / total;
    }
    expect(active).toBeGreaterThan(20);
    expect(ownShare / active).toBeGreaterThan(0.6);
    expect(ownShare).toBeGreaterThan(2 * busiestShare);
    expect([...purchasesByPair.values()].filter((n) => n >= 4).length).toBeGreaterThan(10);
  });

  it('writes gzipped JSON Lines with the same field names', async () => {
    const jsonl = await generateShop({ dir: path.join(root, 'd'), counts: { products: 50, customers: 20, events: 500 }, seed: 3, format: 'jsonl', gzip: true });
    expect(jsonl.files.events.endsWith('events.jsonl.gz')).toBe(true);
    const lines = gunzipSync(readFileSync(jsonl.files.events)).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(500);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([...EVENT_COLUMNS]);
    const product = JSON.parse(gunzipSync(readFileSync(jsonl.files.products)).toString('utf8').split('\n')[0]) as Record<string, unknown>;
    expect(typeof product.price).toBe('number');
    expect(typeof product.available).toBe('boolean');
    expect(Object.keys(product).slice(0, 7)).toEqual(['id', 'title', 'price', 'categories', 'tags', 'available', 'created_at']);
  });
});
