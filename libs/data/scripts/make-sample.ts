// Derives the shipped sample (sample/online-retail-sample.csv.gz) from the training file,
// deterministically: every row of ~300 customers (so their baskets keep their real co-purchase
// structure, cancellations and fees included) plus ~1 guest invoice in 20.
//   npx tsx libs/data/scripts/make-sample.ts [../shared/datasets/online-retail/train.csv.gz]
import { createHash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';

const DEFAULT_SOURCE = path.join(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'online-retail', 'train.csv.gz');
const TARGET = path.join(__dirname, '..', 'sample', 'online-retail-sample.csv.gz');
const CUSTOMER_ONE_IN = 14;
const GUEST_INVOICE_ONE_IN = 20;

// A stable pseudo-random pick: the same ids on every machine and every run.
function picked(id: string, oneIn: number): boolean {
  return createHash('sha1').update(id).digest().readUInt32BE(0) % oneIn === 0;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function main(source: string): Promise<void> {
  const out: string[] = [];
  const customers = new Set<string>();
  const products = new Set<string>();
  let header = true;
  for await (const record of createReadStream(source).pipe(createGunzip()).pipe(parse({ relax_column_count: true })) as AsyncIterable<string[]>) {
    if (header) {
      out.push(record.join(','));
      header = false;
      continue;
    }
    const invoice = record[0] ?? '';
    const customer = record[6] ?? '';
    if (customer ? picked(customer, CUSTOMER_ONE_IN) : picked(invoice, GUEST_INVOICE_ONE_IN)) {
      out.push(record.map(csvField).join(','));
      if (customer) customers.add(customer);
      products.add(record[1] ?? '');
    }
  }
  const gz = gzipSync(`${out.join('\n')}\n`, { level: 9 });
  writeFileSync(TARGET, gz);
  console.log(`${path.relative(process.cwd(), TARGET)}: ${out.length - 1} rows, ${customers.size} customers, ${products.size} stock codes, ${gz.length} bytes`);
}

main(process.argv[2] ?? DEFAULT_SOURCE).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
