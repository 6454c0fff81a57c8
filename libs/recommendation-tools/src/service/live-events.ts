import type { EventType, FeedbackEvent } from '@reco/data';
import type { LiveEvent } from '../model/recommender-options';

/** Events that re-rank: a click on a recommendation counts as a view. */
export const LIVE_EVENT_TYPES: readonly EventType[] = ['view', 'cart', 'purchase', 'click'];

/**
 * Stored events as the Recommender's live events. `trainedAt`: events received before the model
 * was trained are in it already (views, carts and purchases train), so only later ones count.
 */
export function toLiveEvents(events: readonly FeedbackEvent[], trainedAt = Number.NEGATIVE_INFINITY): LiveEvent[] {
  const out: LiveEvent[] = [];
  for (const e of events) {
    if (e.receivedAt.getTime() < trainedAt) continue;
    const kind = e.type === 'cart' || e.type === 'purchase' ? e.type : 'view';
    out.push({ productId: e.productId, kind, time: e.occurredAt });
  }
  return out;
}
