// Online Retail stock codes: real products are five digits with an optional letter suffix
// (85123A, 15056BL); everything else is postage, fees, manual lines or vouchers.
const MERCHANDISE_CODE = /^\d{5}[A-Za-z]{0,3}$/;

export function isMerchandiseCode(productId: string): boolean {
  return MERCHANDISE_CODE.test(productId);
}
