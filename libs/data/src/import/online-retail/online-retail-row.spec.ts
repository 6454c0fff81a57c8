import { isFeeDescription, isMerchandiseCode } from './merchandise';
import { parseOnlineRetailRecord, parseShopTime } from './online-retail-row';

const row = (overrides: Partial<Record<number, string>> = {}) =>
  Object.assign(['536365', '85123A', ' WHITE  HANGING HEART ', '6', '2010-12-01 08:26:00', '2.55', '17850.0', 'United Kingdom'], overrides);

describe('parseOnlineRetailRecord', () => {
  it('normalises ids, text and shop-local times', () => {
    expect(parseOnlineRetailRecord(row())).toEqual({
      ok: true,
      row: {
        invoiceNo: '536365',
        stockCode: '85123A',
        description: 'WHITE HANGING HEART',
        quantity: 6,
        invoicedAt: new Date('2010-12-01T08:26:00Z'),
        unitPrice: 2.55,
        customerId: '17850',
        country: 'United Kingdom',
      },
    });
  });

  it('keeps guests, returns and zero prices', () => {
    const parsed = parseOnlineRetailRecord(row({ 0: 'C536379', 3: '-1', 5: '0', 6: '' }));
    expect(parsed).toMatchObject({ ok: true, row: { invoiceNo: 'C536379', quantity: -1, unitPrice: 0, customerId: null } });
  });

  it.each([
    [{ 4: '2011-02-30 10:00:00' }, 'bad date'],
    [{ 4: 'yesterday' }, 'bad date'],
    [{ 3: '1.5' }, 'bad quantity'],
    [{ 5: '2,55' }, 'bad unit price'],
    [{ 1: '' }, 'missing stock code'],
    [{ 6: 'ABC' }, 'bad customer id'],
  ])('rejects %j: %s', (overrides, reason) => {
    expect(parseOnlineRetailRecord(row(overrides))).toEqual({ ok: false, reason });
  });

  it.each([
    ['invoice number longer than 128 characters', { 0: '9'.repeat(129) }],
    ['stock code longer than 128 characters', { 1: 'A'.repeat(129) }],
    ['description longer than 500 characters', { 2: 'é'.repeat(501) }],
    ['customer id longer than 128 characters', { 6: `1${'0'.repeat(128)}.0` }],
    ['country longer than 100 characters', { 7: 'U'.repeat(101) }],
  ])('rejects overlong text as the open model would: %s', (reason, overrides) => {
    expect(parseOnlineRetailRecord(row(overrides))).toEqual({ ok: false, reason });
  });

  it('takes text at the limits, counted in characters after spaces are collapsed', () => {
    const parsed = parseOnlineRetailRecord(row({ 1: '€'.repeat(128), 2: ` ${'😀'.repeat(500)}  `, 6: `000${'9'.repeat(128)}.0`, 7: 'U'.repeat(100) }));
    expect(parsed).toMatchObject({ ok: true, row: { description: '😀'.repeat(500), customerId: '9'.repeat(128) } });
  });

  it('upper-cases stock codes: codes differing only in case are one product', () => {
    expect(parseOnlineRetailRecord(row({ 1: '85014a' }))).toMatchObject({ ok: true, row: { stockCode: '85014A' } });
  });

  it('reads the spreadsheet date format too', () => {
    expect(parseShopTime('12/1/2010 8:26')).toEqual(new Date('2010-12-01T08:26:00Z'));
  });
});

describe('isMerchandiseCode', () => {
  it.each(['85123A', '71053', '15056bl', '84406B'])('%s is merchandise', (code) => expect(isMerchandiseCode(code)).toBe(true));
  it.each(['POST', 'DOT', 'M', 'm', 'C2', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS', 'S', 'D', 'B', 'gift_0001_20', 'DCGS0003'])(
    '%s is not',
    (code) => expect(isMerchandiseCode(code)).toBe(false),
  );
});

describe('isFeeDescription', () => {
  it.each(['Next Day Carriage', 'PACKING CHARGE', 'POSTAGE', 'DOTCOM POSTAGE', 'Bank Charges', 'AMAZON FEE', 'CARRIAGE'])('%s is a fee', (d) =>
    expect(isFeeDescription(d)).toBe(true),
  );
  it.each(['FRENCH CARRIAGE LANTERN', 'BLACK BAROQUE CARRIAGE CLOCK', 'COFFEE MUG', 'PHONE CHARGER', 'WHITE HANGING HEART T-LIGHT HOLDER'])('%s is not', (d) =>
    expect(isFeeDescription(d)).toBe(false),
  );
});
