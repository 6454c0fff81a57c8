import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore, type ObjectStore } from '@reco/object-store';
import { createRecommendationServices, type RecommendationOptions, type RecommendationServices } from '../recommendation-services';

/** Real parts: the sample in SQLite, a local object store in a temp folder, a worker pool, the memory cache. */
export interface ServiceHarness {
  sample: SampleDatabase;
  store: ObjectStore;
  executor: AsyncExecutor;
  cache: AsyncCache;
  /** Registry, trainer, service and feedback over the harness's parts; several may share them (as several servers would). */
  parts(options?: RecommendationOptions, store?: ObjectStore): RecommendationServices;
  close(): Promise<void>;
}

export async function openServiceHarness(): Promise<ServiceHarness> {
  const sample = await openSampleDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), 'reco-recs-'));
  const store = new LocalObjectStore({ root: dir });
  const executor = new AsyncExecutor({ threads: 1, name: 'reco-test' });
  const cache = createCache({ backend: 'memory' });
  return {
    sample,
    store,
    executor,
    cache,
    parts: (options = {}, other = store) => createRecommendationServices({ database: { get: async () => sample.db }, objectStore: other, executor, cache }, options),
    async close() {
      await executor.close();
      await cache.close();
      await store.close();
      await sample.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
