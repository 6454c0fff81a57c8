import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { isMerchandiseCode, parseOnlineRetailRecord, type Product } from '@reco/data';

/** Searchable products of an Online Retail file (the training file, the shipped sample): merchandise sold at a positive price, latest description and price. */
export function productsOf(file: string): Product[] {
  const byCode = new Map<string, Product>();
  // Rows as the importer reads them (descriptions cleaned, bad rows skipped).
  const records = parse(gunzipSync(readFileSync(file)), { from_line: 2, skip_empty_lines: true }) as string[][];
  for (const record of records) {
    const parsed = parseOnlineRetailRecord(record);
    if (!parsed.ok) continue;
    const row = parsed.row;
    if (!isMerchandiseCode(row.stockCode) || row.unitPrice <= 0 || row.quantity <= 0 || !row.description) continue;
    const at = row.invoicedAt;
    byCode.set(row.stockCode, {
      id: row.stockCode,
      title: row.description,
      description: null,
      price: row.unitPrice,
      typicalPrice: row.unitPrice,
      currency: 'GBP',
      categories: [],
      tags: [],
      available: true,
      recommendable: true,
      createdAt: at,
      updatedAt: at,
      imageUrl: null,
      url: null,
    });
  }
  return [...byCode.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}
