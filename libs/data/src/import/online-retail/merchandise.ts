/**
 * The Online Retail file's rules for what may be recommended (the open model leaves this to
 * the shop: `recommendable`). Real products have a 5-digit stock code, optionally with a letter
 * suffix (85123A, 15056BL). Everything else is a fee, an adjustment, postage or a voucher: POST,
 * DOT, M, C2, BANK CHARGES, AMAZONFEE, CRUK, PADS, S, D, B, gift_0001_20, DCGS0003...
 */
const MERCHANDISE_CODE = /^\d{5}[A-Za-z]{0,3}$/;

/**
 * A few 5-digit codes are fees too: `23444 Next Day Carriage`, `23574 PACKING CHARGE`. Their
 * names end in the fee word, where goods only mention it (`FRENCH CARRIAGE LANTERN`).
 */
const FEE_DESCRIPTION = /\b(carriage|postage|delivery|shipping|fees?|charges?)$/i;

export function isMerchandiseCode(stockCode: string): boolean {
  return MERCHANDISE_CODE.test(stockCode);
}

export function isFeeDescription(description: string): boolean {
  return FEE_DESCRIPTION.test(description.trim());
}
