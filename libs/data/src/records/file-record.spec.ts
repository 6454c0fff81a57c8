import { checkFileRecord, CUSTOMER_FILE, EVENT_FILE, PRODUCT_FILE } from './file-record';

const csvProduct = {
  id: 'SKU-000001',
  title: 'Vintage Resin Pruner',
  price: '16.99',
  categories: 'Garden > Tools > Pruners|Garden>Tools>Hoses',
  tags: 'material:resin|brand:wren|premium',
  available: 'true',
  created_at: '2023-01-18T09:11:23Z',
};

describe('checkFileRecord', () => {
  it('reads CSV text: numbers, booleans, |-separated lists, snake_case columns', () => {
    expect(checkFileRecord(PRODUCT_FILE, { ...csvProduct, description: '', currency: 'EUR', image_url: '', url: 'https://shop.example/p/1' })).toEqual({
      ok: true,
      value: {
        id: 'SKU-000001',
        title: 'Vintage Resin Pruner',
        price: 16.99,
        categories: ['Garden > Tools > Pruners', 'Garden > Tools > Hoses'],
        tags: ['material:resin', 'brand:wren', 'premium'],
        available: true,
        createdAt: new Date('2023-01-18T09:11:23Z'),
        description: null,
        currency: 'EUR',
        imageUrl: null,
        url: 'https://shop.example/p/1',
      },
    });
  });

  it('reads empty cells by field: no categories, no description, available and created_at left to the database', () => {
    const checked = checkFileRecord(PRODUCT_FILE, { ...csvProduct, categories: '', tags: '', available: '', created_at: '' });
    expect(checked).toEqual({ ok: true, value: { id: 'SKU-000001', title: 'Vintage Resin Pruner', price: 16.99, categories: [], tags: [] } });
  });

  it('reads JSON Lines values: lists as arrays or |-separated text, numbers and booleans as they are', () => {
    const line = { id: 'SKU-2', title: 'Socks', price: 18.99, categories: ['Fashion > Socks'], tags: 'color:green|wool', available: false, created_at: '2023-06-04T09:17:50Z' };
    expect(checkFileRecord(PRODUCT_FILE, line)).toMatchObject({ ok: true, value: { price: 18.99, categories: ['Fashion > Socks'], tags: ['color:green', 'wool'], available: false } });
    expect(checkFileRecord(CUSTOMER_FILE, { id: 'C-1', country: null, created_at: '2023-05-09T08:56:46Z', attributes: { tier: 'gold' } })).toEqual({
      ok: true,
      value: { id: 'C-1', country: null, createdAt: new Date('2023-05-09T08:56:46Z'), attributes: { tier: 'gold' } },
    });
  });

  it('names the file columns in errors', () => {
    const checked = checkFileRecord(PRODUCT_FILE, { ...csvProduct, price: '12,50', created_at: 'today', categories: 'A|B >  > C', colour: 'red' });
    expect(checked).toEqual({
      ok: false,
      errors: [
        { field: 'colour', reason: 'unknown field' },
        { field: 'price', reason: 'must be a non-negative number' },
        { field: 'categories[1]', reason: 'empty part in category path' },
        { field: 'created_at', reason: 'not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)' },
      ],
    });
  });

  it('reads an events line; an event needs a customer or a session', () => {
    const line = { event_id: 'e-1', customer_id: 'C-0000003', session_id: 's-1', product_id: 'SKU-000004', type: 'purchase', quantity: '2', price: '9.50', occurred_at: '2024-01-05T16:51:29Z' };
    expect(checkFileRecord(EVENT_FILE, line)).toEqual({
      ok: true,
      value: {
        eventId: 'e-1',
        customerId: 'C-0000003',
        sessionId: 's-1',
        productId: 'SKU-000004',
        type: 'purchase',
        quantity: 2,
        price: 9.5,
        occurredAt: new Date('2024-01-05T16:51:29Z'),
        recommendationId: null,
      },
    });
    expect(checkFileRecord(EVENT_FILE, { ...line, customer_id: '', session_id: '' })).toEqual({
      ok: false,
      errors: [{ field: 'customer_id', reason: 'names neither a customer nor a session (an event needs one or both)' }],
    });
    // Over HTTP an event without a time happened when it was received; an import is not that moment.
    const { occurred_at: _, ...untimed } = line;
    expect(checkFileRecord(EVENT_FILE, { ...line, occurred_at: '' })).toEqual({ ok: false, errors: [{ field: 'occurred_at', reason: 'required' }] });
    expect(checkFileRecord(EVENT_FILE, untimed)).toEqual({ ok: false, errors: [{ field: 'occurred_at', reason: 'required' }] });
  });

  it('lists the columns of each kind as the issue fixes them', () => {
    expect(PRODUCT_FILE.columns.join(',')).toBe('id,title,price,categories,tags,available,created_at');
    expect(PRODUCT_FILE.optionalColumns.join(',')).toBe('description,currency,image_url,url');
    expect(CUSTOMER_FILE.columns.join(',')).toBe('id,country,created_at');
    expect(EVENT_FILE.columns.join(',')).toBe('event_id,customer_id,session_id,product_id,type,quantity,price,occurred_at');
  });
});
