import { isMerchandiseCode, type Interaction } from '@reco/recommendation-tools/model';
import { readOnlineRetail, type RetailRow } from './online-retail-csv';

/** A sale line: not a cancellation (invoice `C…`) nor a return (negative quantity). */
export function isSaleLine(row: RetailRow): boolean {
  return !row.invoice.startsWith('C') && row.quantity > 0;
}

/**
 * What the model trains on: sale lines of known customers; guests and non-products (postage,
 * fees) out unless `allCodes`.
 */
export function purchasesOf(rows: readonly RetailRow[], { allCodes = false } = {}): Interaction[] {
  return rows
    .filter((r) => r.customerId && isSaleLine(r) && (allCodes || isMerchandiseCode(r.productId)))
    .map((r) => ({ customerId: r.customerId, productId: r.productId, quantity: r.quantity, time: r.time, country: r.country }));
}

/** The purchases of the whole training file. */
export function loadPurchases(): Interaction[] {
  return purchasesOf(readOnlineRetail());
}
