import { checkRecord } from './field-errors';
import { ProductRecord } from './product-record';

const mug = { id: 'SKU-000123', title: 'Red Mug', price: 12.5 };

describe('ProductRecord', () => {
  it('keeps the id exactly, trims text and normalises categories and tags', () => {
    const checked = checkRecord(ProductRecord, {
      ...mug,
      id: ' ab-12 ',
      title: '  Red Mug ',
      categories: ['Home>Kitchen >  Mugs', 'Home > Kitchen > Mugs', 'Gifts'],
      tags: ['Color: red', 'eco', 'eco', 'brand:Acme Corp'],
      currency: 'eur',
      createdAt: '2024-05-01T12:00:00+02:00',
      description: '  Holds\ttea.\n  ',
      imageUrl: '',
      available: false,
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        id: ' ab-12 ',
        title: 'Red Mug',
        price: 12.5,
        categories: ['Home > Kitchen > Mugs', 'Gifts'],
        tags: ['color:red', 'eco', 'brand:Acme Corp'],
        currency: 'EUR',
        createdAt: new Date('2024-05-01T10:00:00Z'),
        description: 'Holds\ttea.',
        imageUrl: null,
        available: false,
      },
    });
  });

  it('names only the fields the record sets', () => {
    expect(checkRecord(ProductRecord, mug)).toEqual({ ok: true, value: mug });
  });

  it.each([
    [{ id: '' }, 'id', 'empty'],
    [{ id: 'x'.repeat(129) }, 'id', 'longer than 128 characters'],
    [{ id: 'a\u0000b' }, 'id', 'contains control characters'],
    [{ id: '   ' }, 'id', 'blank'],
    [{ id: 7 }, 'id', 'must be text'],
    [{ title: undefined }, 'title', 'required'],
    [{ title: 'x'.repeat(501) }, 'title', 'longer than 500 characters'],
    [{ price: -1 }, 'price', 'negative'],
    [{ price: '12' }, 'price', 'must be a non-negative number'],
    [{ price: null }, 'price', 'required'],
    [{ categories: ['Home >  > Mugs'] }, 'categories[0]', 'empty part in category path'],
    [{ categories: ['a|b'] }, 'categories[0]', 'contains |'],
    [{ categories: Array.from({ length: 51 }, (_, i) => `c${i}`) }, 'categories', 'more than 50 entries'],
    [{ categories: [`Home > ${'x'.repeat(300)}`] }, 'categories[0]', 'longer than 300 characters'],
    [{ tags: ['ok', 'color:'] }, 'tags[1]', 'a key:value tag needs both a key and a value'],
    [{ tags: ['x'.repeat(101)] }, 'tags[0]', 'longer than 100 characters'],
    [{ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'tags', 'more than 100 entries'],
    [{ tags: 'red' }, 'tags', 'must be a list of text'],
    [{ available: 'yes' }, 'available', 'must be true or false'],
    [{ createdAt: '2024-05-01 12:00' }, 'createdAt', 'not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)'],
    [{ createdAt: '2024-02-30T00:00:00Z' }, 'createdAt', 'not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)'],
    [{ createdAt: '2024-05-01T12:00:00' }, 'createdAt', 'not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)'],
    [{ currency: 'euro' }, 'currency', 'not a three-letter currency code (ISO 4217)'],
    [{ url: 'javascript:alert(1)' }, 'url', 'not an http(s) URL'],
    [{ stockCode: 'x' }, 'stockCode', 'unknown field'],
  ])('refuses %j with its field and reason', (change, field, reason) => {
    const checked = checkRecord(ProductRecord, { ...mug, ...change });
    expect(checked).toEqual({ ok: false, errors: [{ field, reason }] });
  });

  it('refuses a 20 MiB description with its field, without echoing it', () => {
    const checked = checkRecord(ProductRecord, { ...mug, description: 'x'.repeat(20 * 1024 * 1024) });
    expect(checked).toEqual({ ok: false, errors: [{ field: 'description', reason: 'longer than 5000 characters' }] });
  });

  it('lists every problem of a record at once', () => {
    const checked = checkRecord(ProductRecord, { id: '', price: -3, extra: true });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.errors.map((e) => e.field).sort()).toEqual(['extra', 'id', 'price', 'title']);
    expect(checkRecord(ProductRecord, 'SKU-1')).toEqual({ ok: false, errors: [{ field: 'record', reason: 'must be a JSON object' }] });
  });
});
