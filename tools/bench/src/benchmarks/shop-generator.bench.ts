import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineBenchmark } from '../benchmark';
import { generateShop, SHOP_SIZES, type ShopSize } from '../shop-generator/generate-shop';
import { round } from '../stats';

// At this pace size L (10,000,000 events) takes under two minutes.
const TARGET_EVENTS_PER_SECOND = 100_000;

export default defineBenchmark({
  name: 'shop-generator',
  description: `Writes a synthetic shop in the open format (args: S|M|L [csv|jsonl] [gzip]) into a temporary directory (>= ${TARGET_EVENTS_PER_SECOND} events/s)`,
  async run(args) {
    const size = (args[0] ?? 'S') as ShopSize;
    if (!(size in SHOP_SIZES)) throw new Error(`size is S, M or L, got ${size}`);
    const format = args[1] === 'jsonl' ? 'jsonl' : 'csv';
    const gzip = args.includes('gzip');
    const dir = mkdtempSync(path.join(tmpdir(), 'reco-shop-'));
    try {
      const shop = await generateShop({ dir, size, format, gzip, seed: 1 });
      const eventsPerSecond = shop.counts.events / shop.seconds;
      return {
        bench: 'shop-generator',
        size,
        format,
        gzip,
        counts: shop.counts,
        sessions: shop.sessions,
        megabytes: round((shop.bytes.products + shop.bytes.customers + shop.bytes.events) / 1_048_576, 1),
        seconds: round(shop.seconds, 2),
        eventsPerSecond: Math.round(eventsPerSecond),
        targetEventsPerSecond: TARGET_EVENTS_PER_SECOND,
        pass: eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
