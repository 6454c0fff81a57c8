import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ToolRegistry } from '@reco/base-tools';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { SEARCH_TOKENS } from '@reco/search-tools';
import { loadConfig } from '../config';
import { createContainer, disposeContainer, resolveAllOrNone } from '../composition-root';
import { RUNTIME_TOKENS, type CatalogChangeListener } from '../tokens';

jest.setTimeout(60_000);

const admin = { caller: { kind: 'admin' as const, keyId: 't' } };
const SHOP = [
  { id: 'SKU-1', title: 'Blue enamel mug', price: 5, categories: ['Home > Kitchen > Mugs'], tags: ['color:blue'] },
  { id: 'SKU-2', title: 'Enamel mug', price: 6, categories: ['Home > Kitchen > Mugs'], tags: ['color:red'] },
  { id: 'SKU-3', title: 'Garden hose', price: 20, categories: ['Home > Garden'], tags: ['color:green'] },
];

describe('search module', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-search-module-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function open(name: string, env: Record<string, string>) {
    const container = createContainer(loadConfig({ DATA_DIR: path.join(dataDir, name), ...env }), { logger: pino({ level: 'silent' }) });
    const db = await container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
    await db.migrate();
    await db.products.upsertMany(SHOP);
    const tools = container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
    const found = async (input: object) => {
      const result = await tools.invoke<{ items: { productId: string; title: string; match: string }[] }>('search_products', input, admin);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.data.items.filter((i) => i.match !== 'vector').map((i) => i.productId);
    };
    return { container, db, tools, found };
  }

  it('registers a catalogue listener: a new product is found at once, a hidden one is gone, a renamed one found by its new words', async () => {
    // No periodic reads: only the listener can bring the index up to date.
    const { container, db, tools, found } = await open('listener', { SEARCH_REFRESH_MS: '0', SEARCH_CHANGES_MS: '0' });
    try {
      expect(await found({ query: 'red' })).toEqual(['SKU-2']);
      expect(await found({ query: 'mug', category: 'home > kitchen', tag: 'color:blue' })).toEqual(['SKU-1']);
      const before = await tools.invoke<{ product: { title: string } }>('get_product', { productId: 'SKU-3' }, admin);
      expect(before).toMatchObject({ ok: true, data: { product: { title: 'Garden hose' } } });

      await db.products.upsertMany([
        { id: 'SKU-4', title: 'Red lantern', price: 9, categories: ['Home > Garden > Lighting'] },
        { id: 'SKU-3', title: 'Watering can', price: 20 },
      ]);
      await db.products.hide('SKU-2');
      expect(await found({ query: 'lantern' })).toEqual([]); // not told yet
      const listener = resolveAllOrNone<CatalogChangeListener>(container, RUNTIME_TOKENS.CatalogChangeListeners).find((l) => l.name === 'search');
      expect(listener).toBeDefined();
      await listener?.productsChanged(['SKU-4', 'SKU-3', 'SKU-2']);

      expect(await found({ query: 'lantern', category: 'Home > Garden' })).toEqual(['SKU-4']);
      expect(await found({ query: 'red' })).toEqual(['SKU-4']);
      expect(await found({ query: 'enamel mug' })).toEqual(['SKU-1']);
      expect(await found({ query: 'watering can' })).toEqual(['SKU-3']);
      expect(await found({ query: 'hose' })).toEqual([]);
      // The product cache forgot the old copy.
      const after = await tools.invoke<{ product: { title: string } }>('get_product', { productId: 'SKU-3' }, admin);
      expect(after).toMatchObject({ ok: true, data: { product: { title: 'Watering can' } } });
      expect(container.resolve(SEARCH_TOKENS.Index).status()).toMatchObject({ state: 'ready', products: 3 });
    } finally {
      await disposeContainer(container);
    }
  });

  it("catches up with another instance's writes within SEARCH_CHANGES_MS", async () => {
    const { container, db, found } = await open('catch-up', { SEARCH_REFRESH_MS: '0', SEARCH_CHANGES_MS: '50' });
    try {
      expect(await found({ query: 'hose' })).toEqual(['SKU-3']);
      // Written behind this instance's back, as another instance would.
      await db.products.upsertMany([{ id: 'SKU-5', title: 'Striped deck chair', price: 40 }]);
      await db.products.hide('SKU-3');
      await new Promise((r) => setTimeout(r, 60));
      expect(await found({ query: 'deck chair' })).toEqual(['SKU-5']);
      expect(await found({ query: 'hose' })).toEqual([]);
    } finally {
      await disposeContainer(container);
    }
  });

  it('reads SEARCH_CHANGES_MS (default 1000), naming the variable when it is wrong', () => {
    expect(loadConfig({}).SEARCH_CHANGES_MS).toBe(1_000);
    expect(loadConfig({ SEARCH_CHANGES_MS: '0' }).SEARCH_CHANGES_MS).toBe(0);
    expect(() => loadConfig({ SEARCH_CHANGES_MS: '-1' })).toThrow(/SEARCH_CHANGES_MS/);
  });
});
