import { decodeEntry, decodeValue, encodeEntry, encodeValue } from './cache-codec';

describe('cache codec', () => {
  it('round-trips Dates at any depth, with nested objects, arrays and null', () => {
    const value = {
      at: new Date('2011-12-09T12:50:00.000Z'),
      invoices: [{ no: '581587', lines: [{ sku: '22613', when: new Date(0) }] }],
      note: null,
      flags: { repeat: true },
    };
    const back = decodeValue<typeof value>(encodeValue(value));
    expect(back).toEqual(value);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.invoices[0]?.lines[0]?.when.getTime()).toBe(0);
    expect(decodeValue(encodeValue(new Date(1_000)))).toEqual(new Date(1_000));
  });

  it('keeps an invalid Date invalid', () => {
    const back = decodeValue<Date>(encodeValue(new Date(Number.NaN)));
    expect(back).toBeInstanceOf(Date);
    expect(Number.isNaN(back.getTime())).toBe(true);
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => encodeValue(undefined)).toThrow(TypeError);
    expect(() => encodeValue({ n: 1n })).toThrow();
  });

  it('decodes entries and rejects anything else', () => {
    const entry = { v: { d: new Date(5) }, f: 1, s: 2, n: [0, 3] };
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
    expect(() => decodeEntry('not json')).toThrow();
    expect(() => decodeEntry('{"v":1}')).toThrow(TypeError);
    expect(() => decodeEntry('null')).toThrow(TypeError);
  });
});
