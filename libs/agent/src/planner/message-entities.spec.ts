import { extractEntities } from './message-entities';

describe('extractEntities', () => {
  it.each<[string, Record<string, unknown>]>([
    ['red lantern under £5', { maxPrice: 5, colours: ['red'], rest: 'red lantern' }],
    ['below 5 pounds', { maxPrice: 5 }],
    ['less than 2.50', { maxPrice: 2.5 }],
    ['between 2 and 10', { minPrice: 2, maxPrice: 10 }],
    ['between £10 and £2', { minPrice: 2, maxPrice: 10 }],
    ['£2-£4', { minPrice: 2, maxPrice: 4 }],
    ['over 20', { minPrice: 20 }],
    ['from £3', { minPrice: 3 }],
    ['bunting from France', { country: 'France', rest: 'bunting' }],
    ['popular in ireland', { country: 'EIRE' }],
    ['show us bunting', { rest: 'show us bunting' }],
    ['tell me about 85123A and 22423', { productIds: ['85123A', '22423'] }],
    ['more like the second one', { ordinal: 1 }],
    ['the last one', { ordinal: -1 }],
    ['number 3', { ordinal: 2 }],
    ['orders of customer 12345', { namedCustomerId: '12345', productIds: [] }],
  ])('%j', (message, expected) => {
    const entities = extractEntities(message);
    expect(entities).toMatchObject(expected);
    // Nothing is found that the row does not name.
    for (const key of ['minPrice', 'maxPrice', 'country', 'ordinal', 'namedCustomerId'] as const) {
      if (!(key in expected)) expect(entities[key]).toBeUndefined();
    }
  });
});
