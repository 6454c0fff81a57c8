import { recallOf, runOpenShopTrial } from './open-shop-trial';

// A shop that is not the UCI file: its own ids (SKU-000123), categories and tags, and only
// events (views, carts, purchases, returns), no orders file. Issue 14: it must import through
// the three open formats, train, and its model must beat popularity on its held-out last month.
describe('a generated shop in the open format, end to end', () => {
  it('imports, trains, and its model beats popularity on the last month; its buyers get the model', async () => {
    const trial = await runOpenShopTrial({ counts: { products: 400, customers: 300, events: 60_000 }, seed: 7, k: 20, sampleCustomers: 40 });
    for (const kind of ['products', 'customers', 'events'] as const) {
      expect(trial.imports[kind].rejected).toBe(0);
      expect(trial.imports[kind].accepted).toBe(trial.counts[kind]);
    }
    const model = recallOf(trial.rows, 'model', 'all');
    const popularity = recallOf(trial.rows, 'popularity', 'all');
    expect(model).toBeGreaterThan(popularity);
    expect(trial.modelStrategyShare).toBeGreaterThan(0.9);
  }, 120_000);
});
