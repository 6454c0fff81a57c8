import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ShopCounts, type ShopSize, SHOP_SIZES, generateShop } from './generate-shop';

const USAGE = `usage: npx tsx --conditions=@reco/source tools/bench/src/shop-generator/main.ts --size S|M|L --out DIR
         [--seed N] [--format csv|jsonl] [--gzip] [--start 2024-01-01T00:00:00Z] [--currency EUR]
       --size custom --products N --customers N --events N   (any other size)
sizes: ${Object.entries(SHOP_SIZES)
  .map(([size, c]) => `${size} = ${c.products} products, ${c.customers} customers, ${c.events} events`)
  .join('; ')}`;

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} needs a whole number, got ${value ?? 'nothing'}`);
  return n;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: 'S' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'csv' },
      gzip: { type: 'boolean', default: false },
      start: { type: 'string' },
      currency: { type: 'string' },
      products: { type: 'string' },
      customers: { type: 'string' },
      events: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError('--out DIR is required');
  if (values.format !== 'csv' && values.format !== 'jsonl') throw new UsageError(`--format is csv or jsonl, got ${values.format}`);
  let counts: ShopCounts;
  if (values.size === 'custom') {
    counts = { products: positive('products', values.products), customers: positive('customers', values.customers), events: positive('events', values.events) };
  } else if (values.size in SHOP_SIZES) {
    counts = SHOP_SIZES[values.size as ShopSize];
  } else {
    throw new UsageError(`--size is S, M, L or custom, got ${values.size}`);
  }
  const shop = await generateShop({
    dir: path.resolve(values.out),
    counts,
    seed: positive('seed', values.seed),
    format: values.format,
    gzip: values.gzip,
    start: values.start,
    currency: values.currency,
  });
  const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
  console.log(`seed ${shop.seed}, ${shop.sessions} sessions, events ${shop.firstEventAt} .. ${shop.lastEventAt}`);
  for (const name of ['products', 'customers', 'events'] as const) {
    console.log(`${String(shop.counts[name]).padStart(10)} ${name.padEnd(9)} ${mb(shop.bytes[name]).padStart(10)}  ${shop.files[name]}`);
  }
  console.log(`done in ${shop.seconds.toFixed(1)} s`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
