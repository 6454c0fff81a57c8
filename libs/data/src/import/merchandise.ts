/**
 * Real products have a 5-digit stock code, optionally with a letter suffix (85123A, 15056bl).
 * Everything else is a fee, an adjustment, postage or a voucher: POST, DOT, M, C2, BANK CHARGES,
 * AMAZONFEE, CRUK, PADS, S, D, B, gift_0001_20, DCGS0003... Stored, never recommended.
 */
const MERCHANDISE_CODE = /^\d{5}[A-Za-z]{0,3}$/;

export function isMerchandiseCode(stockCode: string): boolean {
  return MERCHANDISE_CODE.test(stockCode);
}
