import { createCache, type AsyncCache } from '@reco/async-cache';
import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { customerNamespace } from '../service/cache-keys';
import { LiveFeedback } from './live-feedback';

let sample: SampleDatabase;
let cache: AsyncCache;
beforeAll(async () => {
  sample = await openSampleDatabase();
  cache = createCache({ backend: 'memory' });
});
afterAll(async () => {
  await cache?.close();
  await sample?.close();
});

describe('LiveFeedback', () => {
  it("stores the event and drops only that customer's cached answers", async () => {
    const feedback = new LiveFeedback({ database: { get: async () => sample.db }, cache });
    await cache.namespace(customerNamespace('FB-1')).set('answer', { items: [] });
    await cache.namespace(customerNamespace('FB-2')).set('answer', { items: [] });
    const occurredAt = new Date('2011-12-01T10:00:00Z');
    await feedback.record({ customerId: 'FB-1', productId: '85123A', type: 'cart', occurredAt });
    const events = await sample.db.events.listForCustomer('FB-1');
    expect(events).toMatchObject([{ customerId: 'FB-1', productId: '85123A', type: 'cart', occurredAt }]);
    expect(await cache.namespace(customerNamespace('FB-1')).get('answer')).toBeUndefined();
    expect(await cache.namespace(customerNamespace('FB-2')).get('answer')).toEqual({ items: [] });
  });
});
