import type { Database } from '../database/open-database';
import { describeEachBackend, useMigratedDatabase } from '../testing/test-databases';
import type { EventInput } from '../types/event';
import type { ExposureInput } from '../types/exposure';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const HOUR = 3_600_000;

function exposure(recommendationId: string, fields: Partial<ExposureInput> = {}): ExposureInput {
  return { recommendationId, experimentId: 'exp-1', arm: 'control', placement: 'home', customerId: null, sessionId: null, productIds: ['P1', 'P2'], at: at(0), ...fields };
}

let eventSeq = 0;
function event(type: EventInput['type'], fields: Partial<EventInput>): EventInput {
  return { eventId: `ev-${++eventSeq}`, type, productId: 'P1', occurredAt: at(0), ...fields };
}

describeEachBackend('exposure repository', (backend) => {
  const database = useMigratedDatabase(backend);

  describe('recording', () => {
    it('stores a batch once: ids stored before, or repeated in the batch, are skipped', async () => {
      const db = database();
      const batch = Array.from({ length: 1_200 }, (_, i) => exposure(`rec-bulk-${i}`, { experimentId: 'exp-bulk', arm: i % 3 === 0 ? 'model' : 'control', customerId: `c${i % 100}` }));
      expect(await db.exposures.recordMany(batch)).toBe(1_200);
      expect(await db.exposures.recordMany([...batch.slice(0, 700), exposure('rec-bulk-new', { experimentId: 'exp-bulk', arm: 'model', sessionId: 's-new' }), exposure('rec-bulk-new', { experimentId: 'exp-bulk', arm: 'model', sessionId: 's-new' })])).toBe(1);
      expect(await db.exposures.recordMany([])).toBe(0);
      const stored = await db.client.exposure.findUnique({ where: { recommendationId: 'rec-bulk-new' } });
      expect(stored).toMatchObject({ experimentId: 'exp-bulk', arm: 'model', placement: 'home', customerId: null, sessionId: 's-new', productIds: '["P1","P2"]', at: at(0) });
    });

    it('counts lists and distinct shoppers per arm, a shopper being a customer or else a session', async () => {
      const db = database();
      await db.exposures.recordMany([
        exposure('tot-1', { experimentId: 'exp-tot', arm: 'a', customerId: 'c1', sessionId: 's1' }),
        exposure('tot-2', { experimentId: 'exp-tot', arm: 'a', customerId: 'c1', sessionId: 's2' }),
        exposure('tot-3', { experimentId: 'exp-tot', arm: 'a', sessionId: 's1' }),
        exposure('tot-4', { experimentId: 'exp-tot', arm: 'b', sessionId: 'c1' }),
        exposure('tot-5', { experimentId: 'exp-other', arm: 'b', customerId: 'c9' }),
      ]);
      expect(await db.exposures.totals('exp-tot')).toEqual([
        { arm: 'a', exposures: 3, shoppers: 2 },
        { arm: 'b', exposures: 1, shoppers: 1 },
      ]);
      expect(await db.exposures.totals('exp-none')).toEqual([]);
    });

    it('says which exposure and field is wrong', async () => {
      const db = database();
      await expect(db.exposures.recordMany([exposure('ok', { customerId: 'c1' }), exposure('', { customerId: 'c1' })])).rejects.toThrow('exposures[1].recommendationId: must be 1-128 characters');
      await expect(db.exposures.recordMany([exposure('no-shopper')])).rejects.toThrow(/exposures\[0\]\.customerId: .*customerId or a sessionId/);
      expect(await db.client.exposure.findUnique({ where: { recommendationId: 'ok' } })).toBeNull();
    });
  });

  describe('attribution', () => {
    // Arm "model" is shown to customer alice and session s-bob; arm "control" to customer carol.
    // Every event below that must NOT count says why in its comment.
    beforeAll(async () => {
      const db = database();
      await db.exposures.recordMany([
        exposure('m-1', { arm: 'model', customerId: 'alice', sessionId: 's-alice', productIds: ['P1', 'P2', 'P3'] }),
        exposure('m-2', { arm: 'model', customerId: 'alice', sessionId: 's-alice' }),
        exposure('m-3', { arm: 'model', sessionId: 's-bob' }),
        exposure('c-1', { arm: 'control', customerId: 'carol' }),
        exposure('c-2', { arm: 'control', customerId: 'carol' }),
        exposure('x-1', { experimentId: 'exp-2', arm: 'model', customerId: 'dave' }),
      ]);
      await recordEvents(db, [
        // model: two clicks on m-1, one on m-3; two carts on m-1 (one carted list).
        event('click', { customerId: 'alice', sessionId: 's-alice', productId: 'P1', recommendationId: 'm-1', occurredAt: at(1) }),
        event('click', { customerId: 'alice', sessionId: 's-alice', productId: 'P2', recommendationId: 'm-1', occurredAt: at(2) }),
        event('click', { sessionId: 's-bob', productId: 'P4', recommendationId: 'm-3', occurredAt: at(1) }),
        event('cart', { customerId: 'alice', productId: 'P1', recommendationId: 'm-1', occurredAt: at(3) }),
        event('cart', { customerId: 'alice', productId: 'P2', recommendationId: 'm-1', occurredAt: at(3) }),
        // Direct purchase on m-1 (2 × 5.00), also inside alice's P1 click window: counted once.
        event('purchase', { customerId: 'alice', productId: 'P1', quantity: 2, price: 5, recommendationId: 'm-1', occurredAt: at(4) }),
        // Window purchase: alice buys the clicked P2 30 min later, no recommendation id (1 × 7.50).
        event('purchase', { customerId: 'alice', sessionId: 's-other', productId: 'P2', price: 7.5, occurredAt: at(32) }),
        // Window purchase at exactly the window's end, by session (bob): 3 × 2.00.
        event('purchase', { sessionId: 's-bob', productId: 'P4', quantity: 3, price: 2, occurredAt: at(61) }),
        // NOT: bob buys P4 again after the window.
        event('purchase', { sessionId: 's-bob', productId: 'P4', price: 100, occurredAt: at(62) }),
        // NOT: alice buys P3, listed but never clicked.
        event('purchase', { customerId: 'alice', productId: 'P3', price: 100, occurredAt: at(10) }),
        // NOT: another shopper buys the clicked P2.
        event('purchase', { customerId: 'erin', sessionId: 's-erin', productId: 'P2', price: 100, occurredAt: at(10) }),
        // NOT: alice bought P2 before she clicked it.
        event('purchase', { customerId: 'alice', productId: 'P2', price: 100, occurredAt: at(0) }),
        // NOT: a purchase carrying another (unknown) recommendation id, inside alice's P2 window.
        event('purchase', { customerId: 'alice', productId: 'P2', price: 100, recommendationId: 'elsewhere', occurredAt: at(20) }),
        // control: carol clicks P5 on c-1 twice and P6 on c-2 (two clicked lists), buys P5 in the window.
        event('click', { customerId: 'carol', productId: 'P5', recommendationId: 'c-1', occurredAt: at(5) }),
        event('click', { customerId: 'carol', productId: 'P5', recommendationId: 'c-1', occurredAt: at(6) }),
        event('click', { customerId: 'carol', productId: 'P6', recommendationId: 'c-2', occurredAt: at(7) }),
        event('purchase', { customerId: 'carol', productId: 'P5', price: 4, occurredAt: at(50) }),
        // NOT: a click without a recommendation id does not open a window (carol, P7, then buys P7).
        event('click', { customerId: 'carol', productId: 'P7', occurredAt: at(8) }),
        event('purchase', { customerId: 'carol', productId: 'P7', price: 100, occurredAt: at(9) }),
        // NOT: dave's click is on another experiment's list; his purchase of it is not this one's.
        event('click', { customerId: 'dave', productId: 'P8', recommendationId: 'x-1', occurredAt: at(1) }),
        event('purchase', { customerId: 'dave', productId: 'P8', price: 100, occurredAt: at(2) }),
        // NOT: a view carrying a recommendation id is neither a click nor a cart.
        event('view', { customerId: 'carol', productId: 'P5', recommendationId: 'c-1', occurredAt: at(5) }),
      ]);
    });

    it('counts direct events and purchases in the click window, each purchase once', async () => {
      const outcomes = await database().exposures.outcomes('exp-1', { purchaseWindowMs: HOUR });
      // Purchased lists: model m-1 (direct, and alice's P2 through her click on m-1) and m-3 (bob's
      // P4 through his click on it); control c-1 (carol's P5 through her earliest click, on c-1).
      expect(sorted(outcomes)).toEqual([
        { arm: 'control', clicks: 3, clickedLists: 2, carts: 0, cartedLists: 0, purchases: 1, purchasedLists: 1, revenue: 4, shopperRevenue: [4] },
        { arm: 'model', clicks: 3, clickedLists: 2, carts: 2, cartedLists: 1, purchases: 3, purchasedLists: 2, revenue: 10 + 7.5 + 6, shopperRevenue: [6, 17.5] },
      ]);
    });

    it('counts only direct purchases with no window', async () => {
      const outcomes = await database().exposures.outcomes('exp-1', { purchaseWindowMs: 0 });
      expect(sorted(outcomes)).toEqual([
        { arm: 'control', clicks: 3, clickedLists: 2, carts: 0, cartedLists: 0, purchases: 0, purchasedLists: 0, revenue: 0, shopperRevenue: [] },
        { arm: 'model', clicks: 3, clickedLists: 2, carts: 2, cartedLists: 1, purchases: 1, purchasedLists: 1, revenue: 10, shopperRevenue: [10] },
      ]);
    });

    it('gives a purchase in two arms\' windows to the earliest click', async () => {
      const db = database();
      await db.exposures.recordMany([
        exposure('e-a', { experimentId: 'exp-early', arm: 'a', sessionId: 's-zoe' }),
        exposure('e-b', { experimentId: 'exp-early', arm: 'b', customerId: 'zoe', sessionId: 's-zoe' }),
      ]);
      await recordEvents(db, [
        event('click', { customerId: 'zoe', sessionId: 's-zoe', productId: 'Z1', recommendationId: 'e-b', occurredAt: at(5) }),
        event('click', { sessionId: 's-zoe', productId: 'Z1', recommendationId: 'e-a', occurredAt: at(3) }),
        event('purchase', { customerId: 'zoe', sessionId: 's-zoe', productId: 'Z1', price: 9, occurredAt: at(6) }),
      ]);
      const outcomes = sorted(await db.exposures.outcomes('exp-early', { purchaseWindowMs: HOUR }));
      expect(outcomes.map(({ arm, purchases, purchasedLists, revenue, shopperRevenue }) => ({ arm, purchases, purchasedLists, revenue, shopperRevenue }))).toEqual([
        { arm: 'a', purchases: 1, purchasedLists: 1, revenue: 9, shopperRevenue: [9] },
        { arm: 'b', purchases: 0, purchasedLists: 0, revenue: 0, shopperRevenue: [] },
      ]);
    });

    it('refuses a negative window', async () => {
      await expect(database().exposures.outcomes('exp-1', { purchaseWindowMs: -1 })).rejects.toThrow(/purchaseWindowMs/);
    });
  });
});

async function recordEvents(db: Database, events: EventInput[]): Promise<void> {
  const results = await db.events.recordMany(events);
  expect(results.every((r) => r.status === 'stored')).toBe(true);
}

function sorted<T extends { arm: string; shopperRevenue: number[] }>(outcomes: T[]): T[] {
  return outcomes.map((o) => ({ ...o, shopperRevenue: [...o.shopperRevenue].sort((a, b) => a - b) })).sort((a, b) => a.arm.localeCompare(b.arm));
}
