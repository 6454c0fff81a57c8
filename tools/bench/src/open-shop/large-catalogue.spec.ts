import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { initTensorFlow } from '@reco/ml';
import { ColumnsBuilder, Recommender, fitRecommender, type RecommenderState } from '@reco/recommendation-tools/model';
import { generateShop } from '../shop-generator/generate-shop';

// Past the old wall: the dense item-item model could not train beyond ~10,000 products (n²
// memory, wasm's 4 GB). A generated shop of 20,000 products trains here in seconds.
const SHOP = { products: 20_000, customers: 6_000, events: 300_000 };
const DAY_MS = 86_400_000;

jest.setTimeout(240_000);

describe('a generated shop larger than the dense model could hold', () => {
  let root: string;
  let state: RecommenderState;

  beforeAll(async () => {
    await initTensorFlow();
    root = mkdtempSync(path.join(tmpdir(), 'large-catalogue-'));
    const shop = await generateShop({ dir: root, counts: SHOP, seed: 3 });
    const builder = new ColumnsBuilder();
    const rows = parse(readFileSync(shop.files.events, 'utf8'), { columns: true }) as Record<string, string>[];
    for (const e of rows) {
      if (!e['customer_id']) continue;
      const time = Date.parse(e['occurred_at']);
      if (e['type'] === 'purchase') builder.add(e['customer_id'], e['product_id'], Number(e['quantity'] || 1), Math.floor(time / DAY_MS) * DAY_MS);
      else if (e['type'] === 'view' || e['type'] === 'cart') builder.addInteraction(e['customer_id'], e['product_id'], e['type'], time);
    }
    // A small EASE head keeps the suite quick; the default (5,000) is the scale benchmark's.
    state = fitRecommender(builder.build(), {}, { maxMemoryMb: 4_096, easeMaxItems: 1_000 });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('trains every product seen, EASE on the head and cosine neighbours for the rest', () => {
    expect(state.productIds.length).toBeGreaterThanOrEqual(15_000);
    expect(state.itemModel).toMatchObject({ kind: 'ease-head+cosine', headItems: 1_000 });
  });

  it('links tail products too: most products with neighbours are outside the head', () => {
    const { width, index } = state.itemItem;
    let withNeighbours = 0;
    for (let i = 0; i < state.productIds.length; i++) if (index[i * width] >= 0) withNeighbours++;
    expect(withNeighbours).toBeGreaterThan(5_000);
  });

  it('recommends to its customers from the model, not just by popularity', () => {
    const model = new Recommender(state);
    let personal = 0;
    for (const customerId of state.histories.customerIds.slice(0, 200)) {
      const list = model.recommend(customerId, { k: 10, excludePurchased: true });
      expect(list).toHaveLength(10);
      if (list.some((r) => r.reason.startsWith('similar-to:'))) personal++;
    }
    expect(personal).toBeGreaterThan(150);
  });
});
