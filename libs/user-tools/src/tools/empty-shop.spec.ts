import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache } from '@reco/async-cache';
import { SEGMENT_NAMES, ToolRegistry, type SegmentSummary } from '@reco/base-tools';
import { openDatabase, type Database, type DatabaseHandle } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { CustomerProfileService } from '../profile/customer-profile-service';
import { SegmentationService } from '../segments/segmentation-service';
import { SegmentStore } from '../segments/segment-store';
import { createUserTools } from './user-tools';

describe('user tools on a shop with no orders yet', () => {
  let dir: string;
  let db: Database;
  let executor: AsyncExecutor;
  let registry: ToolRegistry;
  let segmentation: SegmentationService;
  const cache = createCache({ backend: 'memory' });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-user-tools-'));
    db = await openDatabase({ url: `file:${path.join(dir, 'empty.db')}` });
    await db.migrate();
    const database: DatabaseHandle = { get: async () => db };
    executor = new AsyncExecutor({ threads: 1 });
    segmentation = new SegmentationService({ database, executor, store: new SegmentStore(database, cache, 60_000), clusters: 6, seed: 42 });
    registry = new ToolRegistry().register(...createUserTools({ profiles: new CustomerProfileService(database, cache, 60_000), segmentation }));
  });
  afterAll(async () => {
    await executor.close();
    await cache.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('summarises every segment as empty, without running k-means', async () => {
    const result = await registry.invoke<SegmentSummary>('get_segment_summary', {}, { caller: { kind: 'admin', keyId: 'a' } });
    expect(result.ok && result.data).toMatchObject({ customers: 0, clusters: [] });
    expect(result.ok && result.data.segments.map((s) => [s.segment, s.customers])).toEqual(SEGMENT_NAMES.map((s) => [s, 0]));
    // On a SQLite file the run is one worker task (it reads there); k-means never starts: no backend.
    expect(await segmentation.recompute()).toMatchObject({ runId: null, customers: 0, tensorflowBackend: null });
  });

  it('answers NOT_FOUND for any customer', async () => {
    for (const tool of ['get_user_profile', 'get_purchase_history', 'get_user_segment']) {
      const result = await registry.invoke(tool, { userId: '17850' }, { caller: { kind: 'service', keyId: 's' } });
      expect(!result.ok && result.error.code).toBe('NOT_FOUND');
    }
  });
});
