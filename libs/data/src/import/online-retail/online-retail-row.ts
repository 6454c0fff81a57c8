import { RECORD_LIMITS } from '../../records/record-fields';

/** One accepted row of the Online Retail format. */
export interface OnlineRetailRow {
  invoiceNo: string;
  stockCode: string;
  description: string;
  quantity: number;
  invoicedAt: Date;
  unitPrice: number;
  /** Null for a guest. */
  customerId: string | null;
  country: string;
}

export const ONLINE_RETAIL_COLUMNS = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;

/**
 * The longest text each field may have: the open model's limits for what the field becomes (a
 * stock code is a product id, a description a product title, an invoice an order id), so a row
 * the HTTP API would refuse is refused here too, never truncated or stored.
 */
export const ONLINE_RETAIL_LIMITS = {
  invoiceNo: RECORD_LIMITS.idChars,
  stockCode: RECORD_LIMITS.idChars,
  description: RECORD_LIMITS.titleChars,
  customerId: RECORD_LIMITS.idChars,
  country: RECORD_LIMITS.countryChars,
} as const;

type TooLong<F extends string, L extends keyof typeof ONLINE_RETAIL_LIMITS> = `${F} longer than ${(typeof ONLINE_RETAIL_LIMITS)[L]} characters`;

export type RejectReason =
  | 'wrong column count'
  | 'missing invoice number'
  | 'bad invoice number'
  | 'missing stock code'
  | 'bad quantity'
  | 'bad date'
  | 'bad unit price'
  | 'bad customer id'
  | 'unparseable CSV'
  | TooLong<'invoice number', 'invoiceNo'>
  | TooLong<'stock code', 'stockCode'>
  | TooLong<'description', 'description'>
  | TooLong<'customer id', 'customerId'>
  | TooLong<'country', 'country'>;

export type ParseResult = { ok: true; row: OnlineRetailRow } | { ok: false; reason: RejectReason };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
// The format UCI publishes the spreadsheet in: M/D/YYYY H:MM.
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;
// Control characters and the replacement character of undecodable bytes.
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const JUNK = /[\u0000-\u001f\u007f\ufffd]/g;

/**
 * Invoice times are the shop's local wall-clock times (UK). They are stored as if they were UTC,
 * so `2010-12-01 08:26:00` reads back as 2010-12-01T08:26:00.000Z everywhere, whatever the
 * server's time zone; no conversion ever shifts a purchase across a day.
 */
export function parseShopTime(text: string): Date | null {
  let parts: number[];
  const iso = ISO_DATE.exec(text);
  const us = iso ? null : US_DATE.exec(text);
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0)];
  else if (us) parts = [Number(us[3]), Number(us[1]), Number(us[2]), Number(us[4]), Number(us[5]), 0];
  else return null;
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 2011-02-30 over to March: reject instead.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return date;
}

function clean(text: string | undefined): string {
  return (text ?? '').replace(JUNK, ' ').replace(/\s+/g, ' ').trim();
}

/** Characters as a person counts them (code points), as the open model counts ids; stops counting past `max`. */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let n = 0;
  for (const _ of text) if (++n > max) return true;
  return false;
}

function tooLong<F extends string, L extends keyof typeof ONLINE_RETAIL_LIMITS>(field: F, limit: L): { ok: false; reason: TooLong<F, L> } {
  return { ok: false, reason: `${field} longer than ${ONLINE_RETAIL_LIMITS[limit]} characters` as TooLong<F, L> };
}

/** Validates one CSV record (columns in ONLINE_RETAIL_COLUMNS order). */
export function parseOnlineRetailRecord(record: readonly string[]): ParseResult {
  if (record.length !== ONLINE_RETAIL_COLUMNS.length) return { ok: false, reason: 'wrong column count' };
  const [rawInvoice, rawCode, rawDescription, rawQuantity, rawDate, rawPrice, rawCustomer, rawCountry] = record.map(clean) as string[] as [
    string, string, string, string, string, string, string, string,
  ];
  if (!rawInvoice) return { ok: false, reason: 'missing invoice number' };
  if (longerThan(rawInvoice, ONLINE_RETAIL_LIMITS.invoiceNo)) return tooLong('invoice number', 'invoiceNo');
  if (!/^[A-Za-z]?\d+$/.test(rawInvoice)) return { ok: false, reason: 'bad invoice number' };
  if (!rawCode) return { ok: false, reason: 'missing stock code' };
  if (longerThan(rawCode, ONLINE_RETAIL_LIMITS.stockCode)) return tooLong('stock code', 'stockCode');
  if (longerThan(rawDescription, ONLINE_RETAIL_LIMITS.description)) return tooLong('description', 'description');
  if (longerThan(rawCountry, ONLINE_RETAIL_LIMITS.country)) return tooLong('country', 'country');
  if (!INTEGER.test(rawQuantity)) return { ok: false, reason: 'bad quantity' };
  const quantity = Number(rawQuantity);
  if (!Number.isSafeInteger(quantity) || quantity === 0 || Math.abs(quantity) > 2_000_000_000) return { ok: false, reason: 'bad quantity' };
  const invoicedAt = parseShopTime(rawDate);
  if (!invoicedAt) return { ok: false, reason: 'bad date' };
  if (!DECIMAL.test(rawPrice)) return { ok: false, reason: 'bad unit price' };
  const unitPrice = Number(rawPrice);
  if (!Number.isFinite(unitPrice)) return { ok: false, reason: 'bad unit price' };
  let customerId: string | null = null;
  if (rawCustomer) {
    // Exported through a spreadsheet, ids come as floats: 17850.0 is customer "17850".
    const match = /^(\d+)(?:\.0*)?$/.exec(rawCustomer);
    if (!match?.[1]) return { ok: false, reason: 'bad customer id' };
    // Leading zeros dropped as a number would (0017850 is 17850), without parsing a number of any length.
    customerId = match[1].replace(/^0+(?=\d)/, '');
    if (customerId.length > ONLINE_RETAIL_LIMITS.customerId) return tooLong('customer id', 'customerId');
  }
  return {
    ok: true,
    row: {
      invoiceNo: rawInvoice.toUpperCase(),
      // Codes differing only in case are one product in this file (85014a is 85014A).
      stockCode: rawCode.toUpperCase(),
      description: rawDescription,
      quantity,
      invoicedAt,
      unitPrice,
      customerId,
      country: rawCountry || 'Unspecified',
    },
  };
}
