import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCache } from '@reco/async-cache';
import { ToolRegistry } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { createRecommendationServices, createRecommendationTools, type RecommendationServices } from '@reco/recommendation-tools';
import type { AppServices } from '../services/app-services';
import { merchandisingAdminService } from '../services/merchandising-service';

export interface RecommendationStack {
  /** The real recommendation tools (placements, rules, experiments) over the sample. */
  registry: ToolRegistry;
  /** The merchandising admin and reports over the same database, for the admin routes. */
  services: Partial<AppServices>;
  parts: RecommendationServices;
  sample: SampleDatabase;
  close(): Promise<void>;
}

/**
 * The recommender as the runtime wires it, over a copy of the sample database with no trained
 * model (the popularity fallback fills personal lists): for specs of the routes that serve lists.
 */
export async function startRecommendationStack(): Promise<RecommendationStack> {
  const sample = await openSampleDatabase();
  const database: DatabaseHandle = { get: async () => sample.db };
  const objectsDir = mkdtempSync(path.join(tmpdir(), 'reco-stack-'));
  const executor = new AsyncExecutor({ threads: 1, name: 'backend-spec' });
  const cache = createCache({ backend: 'memory' });
  const parts = createRecommendationServices({ database, objectStore: new LocalObjectStore({ root: objectsDir }), executor, cache });
  const registry = new ToolRegistry({ defaultTimeoutMs: 20_000 }).register(...createRecommendationTools(parts));
  const admin = merchandisingAdminService(parts.merchandisingAdmin, database);
  return {
    registry,
    services: { merchandising: async () => admin, experimentReports: async () => parts.experimentReports, cache: () => cache },
    parts,
    sample,
    async close() {
      await parts.exposures.close();
      await executor.close({ force: true });
      await cache.close();
      await sample.close();
      rmSync(objectsDir, { recursive: true, force: true });
    },
  };
}
