import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ToolRegistry } from '@reco/base-tools';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { loadConfig } from '../config';
import { createContainer, disposeContainer } from '../composition-root';
import { RUNTIME_TOKENS } from '../tokens';

jest.setTimeout(60_000);

const staff = { caller: { kind: 'service' as const, keyId: 't' } };

describe('users module', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-users-module-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("drops a customer's cached history when the shop feed stores their events", async () => {
    const container = createContainer(loadConfig({ DATA_DIR: dataDir }), { logger: pino({ level: 'silent' }) });
    try {
      const db = await container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      await db.migrate();
      await db.products.upsertMany([{ id: 'SKU-1', title: 'Enamel mug', price: 5 }]);
      const feed = container.resolve(RUNTIME_TOKENS.ShopFeed);
      const tools = container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
      const history = async () => {
        const result = await tools.invoke<{ orders: unknown[] }>('get_purchase_history', { userId: 'C-1' }, staff);
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        return result.data.orders.length;
      };
      const purchase = (eventId: string, day: string) => ({ eventId, customerId: 'C-1', productId: 'SKU-1', type: 'purchase', quantity: 1, occurredAt: `${day}T10:00:00Z` });
      await feed.recordEvents([purchase('e-1', '2026-11-01')]);
      expect(await history()).toBe(1); // now cached
      await feed.recordEvents([purchase('e-2', '2026-11-20')]);
      expect(await history()).toBe(2);
    } finally {
      await disposeContainer(container);
    }
  });
});
