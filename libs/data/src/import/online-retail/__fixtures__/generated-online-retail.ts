import { writeFileSync } from 'node:fs';

/** Invoice numbers, stock codes and customer ids of the generated file: none is in the sample or malformed.csv. */
export const GENERATED = {
  firstInvoice: 700_001,
  productCodes: Array.from({ length: 300 }, (_, i) => String(90_001 + i)),
  customerIds: Array.from({ length: 150 }, (_, i) => String(20_001 + i)),
};

/**
 * Writes an Online Retail CSV of `invoices` whole invoices (1-9 lines each, about 5 on average),
 * the same for the same arguments: products bought at a few prices over time, customers with
 * several orders, guest orders, cancellations. Returns the number of data rows.
 */
export function writeGeneratedCsv(file: string, invoices: number): number {
  let seed = 20_111;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  const start = Date.UTC(2012, 0, 2, 9, 0);
  for (let i = 0; i < invoices; i++) {
    const cancelled = next(25) === 0;
    const invoice = `${cancelled ? 'C' : ''}${GENERATED.firstInvoice + i}`;
    const customer = next(8) === 0 ? '' : `${GENERATED.customerIds[next(GENERATED.customerIds.length)]}.0`;
    const at = new Date(start + i * 37 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    const lines = 1 + next(9);
    for (let l = 0; l < lines; l++) {
      const p = next(GENERATED.productCodes.length);
      const price = (1 + (p % 20) * 0.25 + next(3) * 0.1).toFixed(2);
      const quantity = (cancelled ? -1 : 1) * (1 + next(12));
      rows.push(`${invoice},${GENERATED.productCodes[p]},GENERATED ITEM ${p},${quantity},${at},${price},${customer},United Kingdom`);
    }
  }
  writeFileSync(file, rows.join('\n') + '\n');
  return rows.length - 1;
}
