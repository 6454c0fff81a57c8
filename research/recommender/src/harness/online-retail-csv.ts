import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
// csv-parse 6 ships CommonJS under the package root; the sync API is enough for 450k rows.
import { parse } from 'csv-parse/sync';

export interface RetailRow {
  invoice: string;
  productId: string;
  description: string;
  quantity: number;
  time: number;
  price: number;
  customerId: string;
  country: string;
}

export const TRAIN_CSV = path.resolve(__dirname, '../../../../../shared/datasets/online-retail/train.csv.gz');

/** Every raw row of the file (cancellations, guests, fees included); dates read as UTC. */
export function readOnlineRetail(file = TRAIN_CSV): RetailRow[] {
  const records = parse(gunzipSync(readFileSync(file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((r) => ({
    invoice: r['InvoiceNo'],
    productId: r['StockCode'],
    description: r['Description'],
    quantity: Number(r['Quantity']),
    time: Date.parse(r['InvoiceDate'].replace(' ', 'T') + 'Z'),
    price: Number(r['UnitPrice']),
    customerId: r['CustomerID'] ? String(Math.round(Number(r['CustomerID']))) : '',
    country: r['Country'],
  }));
}
