import { CustomerRecord } from './customer-record';
import { EventRecord } from './event-record';
import { checkRecord } from './field-errors';

const view = { eventId: 'e-1', sessionId: 's-1', productId: 'SKU-1', type: 'view', occurredAt: '2024-05-01T12:00:00Z' };

describe('EventRecord', () => {
  it('fills what an event leaves out with null', () => {
    expect(checkRecord(EventRecord, view)).toEqual({
      ok: true,
      value: {
        eventId: 'e-1',
        customerId: null,
        sessionId: 's-1',
        productId: 'SKU-1',
        type: 'view',
        quantity: null,
        price: null,
        occurredAt: new Date('2024-05-01T12:00:00Z'),
        recommendationId: null,
      },
    });
    const purchase = { ...view, customerId: 'C-1', type: 'purchase', quantity: 2, price: 9.99 };
    expect(checkRecord(EventRecord, purchase)).toMatchObject({ ok: true, value: { customerId: 'C-1', sessionId: 's-1', quantity: 2, price: 9.99 } });
    const { occurredAt: _, ...untimed } = view;
    expect(checkRecord(EventRecord, untimed)).toMatchObject({ ok: true, value: expect.not.objectContaining({ occurredAt: expect.anything() }) });
    const click = { ...view, type: 'click', recommendationId: 'rec-42' };
    expect(checkRecord(EventRecord, click)).toMatchObject({ ok: true, value: { type: 'click', recommendationId: 'rec-42' } });
  });

  it.each([
    [{ sessionId: null }, 'customerId', 'names neither a customer nor a session (an event needs one or both)'],
    [{ type: 'buy' }, 'type', 'must be one of view, cart, purchase, return, click'],
    [{ quantity: 1.5 }, 'quantity', 'not a whole number'],
    [{ quantity: 0 }, 'quantity', 'less than 1'],
    [{ price: -0.01 }, 'price', 'negative'],
    [{ occurredAt: 'yesterday' }, 'occurredAt', 'not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)'],
    [{ eventId: 'e\n1' }, 'eventId', 'contains control characters'],
    [{ productId: '' }, 'productId', 'empty'],
  ])('refuses %j with its field and reason', (change, field, reason) => {
    expect(checkRecord(EventRecord, { ...view, ...change })).toEqual({ ok: false, errors: [{ field, reason }] });
  });
});

describe('CustomerRecord', () => {
  it('keeps attributes as text and names only the fields it sets', () => {
    expect(checkRecord(CustomerRecord, { id: 'C-1', attributes: { tier: 'gold', visits: 3, vip: true } })).toEqual({
      ok: true,
      value: { id: 'C-1', attributes: { tier: 'gold', visits: '3', vip: 'true' } },
    });
    expect(checkRecord(CustomerRecord, { id: 'C-1', country: null, createdAt: '2024-01-31' })).toEqual({
      ok: true,
      value: { id: 'C-1', country: null, createdAt: new Date('2024-01-31T00:00:00Z') },
    });
  });

  it('bounds attributes', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(checkRecord(CustomerRecord, { id: 'C-1', attributes: many })).toEqual({ ok: false, errors: [{ field: 'attributes', reason: 'more than 50 attributes' }] });
    expect(checkRecord(CustomerRecord, { id: 'C-1', attributes: { note: 'x'.repeat(501) } })).toEqual({
      ok: false,
      errors: [{ field: 'attributes.note', reason: 'longer than 500 characters' }],
    });
    expect(checkRecord(CustomerRecord, { id: 'C-1', attributes: { nested: { a: 1 } } })).toEqual({
      ok: false,
      errors: [{ field: 'attributes.nested', reason: 'must be text' }],
    });
  });
});
