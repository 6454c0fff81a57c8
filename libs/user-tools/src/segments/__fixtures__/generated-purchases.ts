import type { Database, EventInput } from '@reco/data';
import { seededRandom } from '../seeded-random';

const DAY_MS = 86_400_000;
const YEAR_START = Date.parse('2024-01-01T00:00:00Z');
const PRODUCTS = 300;
const EVENTS_PER_WRITE = 2_000;

/**
 * Stores a year of purchases (and some returns) of `customers` customers through the event
 * repository, deterministic by `seed`: a few customers buy often, most rarely; about 2% only
 * ever return something (no purchase: the "lost" non-buyers). Returns the events written.
 */
export async function storeGeneratedPurchases(db: Database, options: { customers: number; seed: number }): Promise<number> {
  const random = seededRandom(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const price = (product: number) => 1 + (product % 37) * 0.75;
  const events: EventInput[] = [];
  let written = 0;
  const flush = async () => {
    written += (await db.events.recordMany(events.splice(0))).length;
  };
  for (let c = 0; c < options.customers; c++) {
    const customerId = `gen-${String(c).padStart(6, '0')}`;
    const returnsOnly = random() < 0.02;
    // Skewed: most customers have one or two baskets, a few have twenty.
    const baskets = returnsOnly ? 1 : 1 + Math.floor(random() ** 3 * 20);
    for (let b = 0; b < baskets; b++) {
      const day = YEAR_START + pick(365) * DAY_MS + pick(DAY_MS);
      const lines = 1 + pick(4);
      for (let l = 0; l < lines; l++) {
        const product = pick(PRODUCTS);
        const returned = returnsOnly || random() < 0.04;
        events.push({
          eventId: `${customerId}-${b}-${l}`,
          customerId,
          productId: `P${product}`,
          type: returned ? 'return' : 'purchase',
          quantity: 1 + pick(returned ? 2 : 6),
          price: price(product),
          occurredAt: new Date(day + l * 1_000),
        });
      }
    }
    if (events.length >= EVENTS_PER_WRITE) await flush();
  }
  await flush();
  return written;
}
