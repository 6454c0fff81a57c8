import type { DatabaseHandle } from '@reco/data';
import type { ActiveModel } from '../registry/model-registry';
import { RECENT_EVENTS } from '../service/customer-ranking';
import type { PlacementRequest } from './placement-request';

/**
 * What the shopper bought, as the personal ranking leaves it out: a customer's purchases in the
 * model's history plus their recent purchase events (those since the training are not in it), or
 * a session's purchase events. Read only when pins or the catalogue fill need it.
 */
export async function shopperPurchases(database: DatabaseHandle, request: Pick<PlacementRequest, 'userId' | 'sessionId'>, model: ActiveModel | undefined): Promise<Set<string>> {
  const options = { limit: RECENT_EVENTS, types: ['purchase' as const] };
  const db = await database.get();
  if (request.userId !== undefined) {
    const bought = new Set(model?.recommender.purchasedBy(request.userId) ?? []);
    for (const e of await db.events.listForCustomer(request.userId, options)) bought.add(e.productId);
    return bought;
  }
  if (request.sessionId === undefined) return new Set();
  return new Set((await db.events.listForSession(request.sessionId, options)).map((e) => e.productId));
}
