import type { RejectReason } from './online-retail-row';

export interface RejectedRow {
  /** 1-based line number in the (decompressed) file. */
  line: number;
  reason: RejectReason;
}

/** What an import read, wrote, and what the database holds afterwards. */
export interface ImportSummary {
  file: string;
  /** The import run (`ImportOptions.runId`, or the one generated). */
  runId: string;
  /** Data rows read (header excluded), accepted or rejected. */
  rowsRead: number;
  /** Counted over the accepted rows of this file. */
  inFile: {
    orders: number;
    cancelledOrders: number;
    guestOrders: number;
    orderLines: number;
    returns: number;
    zeroOrNegativePriceLines: number;
    customers: number;
    merchandiseProducts: number;
    nonMerchandiseProducts: number;
  };
  /** Rows new to the database (published by this import): zero on a re-import of the same file. */
  inserted: { orders: number; orderLines: number; customers: number; products: number };
  rejected: { total: number; byReason: Partial<Record<RejectReason, number>>; first: RejectedRow[] };
  database: DatabaseCounts;
  seconds: number;
  /** Of `seconds`, the publish transaction (on SQLite, the time it held the write lock). */
  publishSeconds: number;
  rowsPerSecond: number;
}

export interface DatabaseCounts {
  customersWithOrders: number;
  orders: number;
  guestOrders: number;
  orderLines: number;
  returns: number;
  merchandiseProducts: number;
  /** Merchandise sold at a positive price (recommendable). */
  activeProducts: number;
  /** Merchandise bought at least once by a known customer (what a recommender learns from). */
  merchandiseBoughtByCustomers: number;
  nonMerchandiseProducts: number;
}

/** The summary as the lines the CLI prints. */
export function formatImportSummary(s: ImportSummary): string[] {
  const reasons = Object.entries(s.rejected.byReason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const d = s.database;
  return [
    `imported ${s.file}: ${s.rowsRead} rows read in ${s.seconds.toFixed(1)} s (${Math.round(s.rowsPerSecond)} rows/s), published in ${s.publishSeconds.toFixed(1)} s`,
    `file: ${s.inFile.orders} orders (${s.inFile.cancelledOrders} cancelled, ${s.inFile.guestOrders} guest), ${s.inFile.orderLines} order lines, ` +
      `${s.inFile.returns} returns, ${s.inFile.zeroOrNegativePriceLines} lines priced <= 0, ${s.inFile.customers} customers, ` +
      `${s.inFile.merchandiseProducts} merchandise products, ${s.inFile.nonMerchandiseProducts} non-merchandise`,
    `new: ${s.inserted.orders} orders, ${s.inserted.orderLines} order lines, ${s.inserted.customers} customers, ${s.inserted.products} products`,
    `rejected: ${s.rejected.total}${reasons ? ` (${reasons})` : ''}`,
    ...s.rejected.first.slice(0, 10).map((r) => `  line ${r.line}: ${r.reason}`),
    `database: ${d.customersWithOrders} customers with orders, ${d.orders} orders (${d.guestOrders} guest), ${d.orderLines} order lines, ` +
      `${d.returns} returns, ${d.merchandiseProducts} merchandise products (${d.activeProducts} active, ` +
      `${d.merchandiseBoughtByCustomers} bought by customers), ${d.nonMerchandiseProducts} non-merchandise`,
  ];
}
