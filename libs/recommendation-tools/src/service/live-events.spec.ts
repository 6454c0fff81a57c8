import type { FeedbackEvent } from '@reco/data';
import { toLiveEvents } from './live-events';

const event = (type: FeedbackEvent['type'], receivedAt: string): FeedbackEvent => ({
  id: 1,
  eventId: `e-${type}`,
  customerId: 'c',
  sessionId: null,
  productId: `P-${type}`,
  type,
  quantity: null,
  price: null,
  recommendationId: null,
  occurredAt: new Date('2024-01-01T00:00:00Z'),
  receivedAt: new Date(receivedAt),
});

describe('toLiveEvents', () => {
  it('reads a click as a view, and keeps only what the model was not trained on', () => {
    const events = [event('click', '2024-02-01T00:00:00Z'), event('cart', '2024-02-01T00:00:00Z'), event('view', '2024-01-05T00:00:00Z')];
    expect(toLiveEvents(events).map((e) => [e.productId, e.kind])).toEqual([
      ['P-click', 'view'],
      ['P-cart', 'cart'],
      ['P-view', 'view'],
    ]);
    // Trained on 2024-01-10: the view received before is in the model already.
    expect(toLiveEvents(events, Date.parse('2024-01-10T00:00:00Z')).map((e) => e.productId)).toEqual(['P-click', 'P-cart']);
  });
});
