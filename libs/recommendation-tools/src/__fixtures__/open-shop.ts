import type { Database, EventInput, ProductInput } from '@reco/data';

/**
 * A small shop in the open format that sends only events (no orders): products with its own
 * ids (`SKU-000123`), four categories, tags; customers who each keep to one category, viewing,
 * carting and buying there over 2024, in sessions. Popularity across the shop knows nothing of
 * a customer's category, so a model that learns it must beat popularity on the last month.
 */
export const SHOP_CATEGORIES = ['Home > Kitchen > Mugs', 'Home > Kitchen > Pans', 'Home > Garden > Tools', 'Toys > Puzzles'] as const;
export const PRODUCTS_PER_CATEGORY = 15;
export const SHOP_START = Date.parse('2024-01-01T00:00:00Z');
const DAY_MS = 86_400_000;
const COLORS = ['red', 'blue', 'green'];

export interface OpenShop {
  products: ProductInput[];
  /** Category of each customer's taste. */
  tasteOf: Map<string, string>;
  /** A customer who only ever viewed (never bought), and their category. */
  browser: { customerId: string; category: string };
  lastEventAt: number;
}

/** Same seed, same shop. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export function productIdOf(category: number, index: number): string {
  return `SKU-${String(category * 1000 + index).padStart(6, '0')}`;
}

/** Writes the shop through the repositories (as the file importers and the API do). */
export async function seedOpenShop(db: Database, customers = 80, seed = 7): Promise<OpenShop> {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)] as T;
  const products: ProductInput[] = [];
  SHOP_CATEGORIES.forEach((category, c) => {
    for (let i = 0; i < PRODUCTS_PER_CATEGORY; i++) {
      products.push({ id: productIdOf(c, i), title: `${category.split(' > ').pop()} ${i}`, price: 2 + i, categories: [category], tags: [`color:${COLORS[i % 3]}`], createdAt: new Date(SHOP_START) });
    }
  });
  await db.products.upsertMany(products);
  const tasteOf = new Map<string, string>();
  const events: EventInput[] = [];
  let n = 0;
  let lastEventAt = 0;
  const add = (e: Omit<EventInput, 'eventId' | 'occurredAt'>, at: number) => {
    events.push({ ...e, eventId: `ev-${++n}`, occurredAt: new Date(at) });
    lastEventAt = Math.max(lastEventAt, at);
  };
  for (let c = 0; c < customers; c++) {
    const customerId = `C-${String(c).padStart(4, '0')}`;
    const taste = c % SHOP_CATEGORIES.length;
    tasteOf.set(customerId, SHOP_CATEGORIES[taste]);
    // Each customer's favourites: a few products of their category, bought again and again.
    const favourites = Array.from({ length: 6 }, () => productIdOf(taste, Math.floor(rand() * PRODUCTS_PER_CATEGORY)));
    for (let s = 0; s < 10; s++) {
      const sessionId = `S-${c}-${s}`;
      let at = SHOP_START + Math.floor(rand() * 360) * DAY_MS + Math.floor(rand() * 12) * 3_600_000;
      for (let v = 0; v < 4; v++) {
        const productId = rand() < 0.85 ? pick(favourites) : productIdOf(Math.floor(rand() * SHOP_CATEGORIES.length), Math.floor(rand() * PRODUCTS_PER_CATEGORY));
        add({ customerId, sessionId, productId, type: 'view' }, (at += 60_000));
        if (v === 1) add({ customerId, sessionId, productId, type: 'cart' }, (at += 60_000));
      }
      add({ customerId, sessionId, productId: pick(favourites), type: 'purchase', quantity: 1 }, (at += 60_000));
    }
  }
  const browser = { customerId: 'C-BROWSER', category: SHOP_CATEGORIES[3] };
  for (let v = 0; v < 6; v++) add({ customerId: browser.customerId, productId: productIdOf(3, v), type: 'view' }, SHOP_START + (200 + v) * DAY_MS);
  for (let i = 0; i < events.length; i += 1_000) await db.events.recordMany(events.slice(i, i + 1_000));
  return { products, tasteOf, browser, lastEventAt };
}
