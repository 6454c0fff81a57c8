import { createCache, type AsyncCache } from '@reco/async-cache';
import { ToolRegistry } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { AsyncExecutor } from '@reco/executor';
import { CustomerProfileService } from '../profile/customer-profile-service';
import { SegmentationService } from '../segments/segmentation-service';
import { SegmentStore } from '../segments/segment-store';
import { createUserTools } from '../tools/user-tools';

export interface UserToolsFixture {
  sample: SampleDatabase;
  database: DatabaseHandle;
  cache: AsyncCache;
  executor: AsyncExecutor;
  profiles: CustomerProfileService;
  segmentation: SegmentationService;
  registry: ToolRegistry;
  close(): Promise<void>;
}

/** The lib wired as the users module wires it, on a private copy of the sample and one real worker thread. */
export async function openUserToolsFixture(): Promise<UserToolsFixture> {
  const sample = await openSampleDatabase();
  const database: DatabaseHandle = { get: async () => sample.db };
  const cache = createCache({ backend: 'memory' });
  const executor = new AsyncExecutor({ threads: 1, name: 'user-tools-test' });
  const profiles = new CustomerProfileService(database, cache, 60_000);
  const segmentation = new SegmentationService({ database, executor, store: new SegmentStore(database, cache, 60_000), clusters: 6, seed: 42 });
  const registry = new ToolRegistry({ defaultTimeoutMs: 30_000 }).register(...createUserTools({ profiles, segmentation }));
  return {
    sample,
    database,
    cache,
    executor,
    profiles,
    segmentation,
    registry,
    async close() {
      await executor.close();
      await cache.close();
      await sample.close();
    },
  };
}
