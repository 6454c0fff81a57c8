import { initTensorFlow } from '@reco/ml';
import { DAY_MS, type Interaction, type InteractionKind } from './interaction';
import { toPurchaseColumns } from './purchase-columns';
import { Recommender } from './recommender';
import { fitRecommender } from './fit-recommender';

// A shop with its own ids: mug people buy SKU-M1/M2/M3 together, lamp people SKU-L1/L2/L3.
const T0 = Date.parse('2024-01-01T00:00:00Z');
function shop(): Interaction[] {
  const rows: Interaction[] = [];
  const act = (customerId: string, day: number, productIds: string[], kind: InteractionKind = 'purchase') =>
    productIds.forEach((productId) => rows.push({ customerId, productId, quantity: 1, time: T0 + day * DAY_MS, kind }));
  for (let c = 0; c < 6; c++) act(`M${c}`, c, ['SKU-M1', 'SKU-M2', 'SKU-M3']);
  for (let c = 0; c < 6; c++) act(`L${c}`, c, ['SKU-L1', 'SKU-L2', 'SKU-L3']);
  act('POPULAR', 1, ['SKU-M1', 'SKU-M2']); // mugs sell best
  act('V', 10, ['SKU-L1', 'SKU-L2'], 'view'); // only ever looked at lamps
  act('V', 11, ['SKU-L1'], 'cart');
  act('LATE', 40, ['SKU-M1'], 'view'); // after the cut-off used below
  return rows;
}

describe('the model on a shop with its own ids and events', () => {
  beforeAll(() => initTensorFlow());
  const options = { lambda: 1, neighbours: 10 };

  it('puts views and carts beside the purchases in the training input', () => {
    const columns = toPurchaseColumns(shop());
    expect(columns.customer).toHaveLength(38);
    expect(columns.interactions?.kind).toEqual(Uint8Array.from([0, 0, 1, 0]));
  });

  it('trains and recommends any product id the catalogue offers (no stock-code rule)', () => {
    const state = fitRecommender(toPurchaseColumns(shop()), options);
    expect(state.productIds).toEqual(['SKU-M1', 'SKU-M2', 'SKU-M3', 'SKU-L1', 'SKU-L2', 'SKU-L3']);
    const model = new Recommender(state);
    expect(model.recommend('M0', { k: 3 }).map((r) => r.productId)).toEqual(['SKU-M1', 'SKU-M2', 'SKU-M3']);
    expect(model.similarProducts('SKU-L1', 5).map((r) => r.productId).sort()).toEqual(['SKU-L2', 'SKU-L3']);
  });

  it('knows a customer who only viewed and carted: their list follows what they looked at', () => {
    const state = fitRecommender(toPurchaseColumns(shop()), { ...options, until: T0 + 30 * DAY_MS });
    expect(state.counts.interactions).toBe(3); // LATE's view is after `until`
    const model = new Recommender(state);
    expect(model.hasCustomer('V')).toBe(true);
    expect(model.hasCustomer('LATE')).toBe(false);
    const recs = model.recommend('V', { k: 3 });
    expect(recs[0]).toEqual({ productId: 'SKU-L3', score: expect.any(Number), reason: expect.stringMatching(/^similar-to:SKU-L[12]$/) });
    // Popularity alone would have offered the mugs first.
    expect(model.recommend('nobody', { k: 1 })[0].productId).toBe('SKU-M1');
  });

  it('leaves out an event kind weighing 0, and trains on purchases alone exactly as without events', () => {
    const purchasesOnly = fitRecommender(toPurchaseColumns(shop().filter((r) => r.kind === 'purchase')), options);
    const unweighted = fitRecommender(toPurchaseColumns(shop()), { ...options, interactionWeights: { view: 0, cart: 0, purchase: 1 } });
    expect(unweighted.counts.interactions).toBe(0);
    expect(unweighted.interactions).toBeUndefined();
    expect(unweighted.itemItem).toEqual(purchasesOnly.itemItem);
    expect(new Recommender(unweighted).hasCustomer('V')).toBe(false);
  });

  it('takes catalogue changes at once: hidden, out of stock, new price', () => {
    const model = new Recommender(fitRecommender(toPurchaseColumns(shop()), options), [{ productId: 'SKU-M1', price: 4 }]);
    expect(model.recommend('M0', { k: 3, maxPrice: 5 }).map((r) => r.productId)).toContain('SKU-M1');
    model.updateProducts([{ productId: 'SKU-M1', price: 9 }]);
    expect(model.recommend('M0', { k: 3, maxPrice: 5 }).map((r) => r.productId)).not.toContain('SKU-M1');
    model.updateProducts([
      { productId: 'SKU-M1', price: 4, recommendable: false },
      { productId: 'SKU-M2', available: false },
    ]);
    const ids = model.recommend('M0', { k: 6 }).map((r) => r.productId);
    expect(ids).not.toContain('SKU-M1');
    expect(ids).not.toContain('SKU-M2');
    expect(model.similarProducts('SKU-M3', 5).map((r) => r.productId)).toEqual([]);
    expect(model.popularProducts({ k: 6 }).map((r) => r.productId)).not.toContain('SKU-M1');
  });

  it('keeps to the products a filter accepts (a category)', () => {
    const model = new Recommender(fitRecommender(toPurchaseColumns(shop()), options));
    const lamps = model.recommend('M0', { k: 6, include: (id) => id.startsWith('SKU-L') });
    expect(lamps.map((r) => r.productId).sort()).toEqual(['SKU-L1', 'SKU-L2', 'SKU-L3']);
  });

  it('recommends for a visitor from events alone, leaving out what they bought', () => {
    const model = new Recommender(fitRecommender(toPurchaseColumns(shop()), options));
    const events = [
      { productId: 'SKU-L1', kind: 'view' as const, time: T0 },
      { productId: 'SKU-L2', kind: 'purchase' as const, time: T0 },
    ];
    const recs = model.recommendFromEvents({ k: 2, excludePurchased: true, recentEvents: events });
    expect(recs.map((r) => r.productId)).toEqual(['SKU-L1', 'SKU-L3']);
    expect(recs[1].reason).toMatch(/^similar-to:SKU-L[12]$/);
    expect(model.recommendFromEvents({ k: 2 }).every((r) => r.reason === 'popular')).toBe(true);
  });
});
