import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AsyncCache } from '@reco/async-cache';
import type { Database, DatabaseHandle } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { ExperimentReports, LiveFeedback, MerchandisingAdmin, MerchandisingStore, ModelRegistry } from '@reco/recommendation-tools';
import { DataImport, ShopFeed, type CatalogChangeListener, type FeedbackListener } from '@reco/runtime';
import { CustomerProfileService } from '@reco/user-tools';
import type { AppServices } from '../services/app-services';
import { merchandisingAdminService } from '../services/merchandising-service';

export interface SampleServices {
  services: Partial<AppServices>;
  /** The registry the admin routes list and activate through (specs watch what it loads). */
  models: ModelRegistry;
  /** What the merchandising routes write through (specs read its snapshot). */
  merchandising: MerchandisingStore;
  close(): Promise<void>;
}

/** Listeners a spec adds to the shop feed's, to see what it was told. */
export interface SampleListeners {
  catalog?: readonly CatalogChangeListener[];
  feedback?: readonly FeedbackListener[];
}

/**
 * The libs' own services over a test database, as the container wires them: model registry,
 * shop feed (with live feedback dropping cached answers), customer listing, import, and the
 * merchandising admin with experiment reports. Training
 * is left out (it needs the worker pool's TensorFlow.js); a spec that trains brings its own
 * trainer. Nothing here starts a worker.
 */
export function sampleServices(db: Database, cache: AsyncCache, listeners: SampleListeners = {}): SampleServices {
  const database: DatabaseHandle = { get: async () => db };
  const executor = new AsyncExecutor({ threads: 1, name: 'backend-spec' });
  const objectsDir = mkdtempSync(path.join(tmpdir(), 'reco-models-'));
  const models = new ModelRegistry({ database, objectStore: new LocalObjectStore({ root: objectsDir }), executor });
  const feedback = new LiveFeedback({ database, cache });
  const shopFeed = new ShopFeed({
    database,
    catalogListeners: () => listeners.catalog ?? [],
    feedbackListeners: () => [{ name: 'recommendations', eventsRecorded: (events) => feedback.eventsRecorded(events) }, ...(listeners.feedback ?? [])],
  });
  const customerProfiles = new CustomerProfileService(database, cache, 60_000);
  const dataImport = new DataImport({ database });
  const merchandising = new MerchandisingStore({ database });
  const merchandisingAdmin = merchandisingAdminService(new MerchandisingAdmin({ database, store: merchandising }), database);
  const experimentReports = new ExperimentReports({ database });
  return {
    services: {
      modelRegistry: async () => models,
      shopFeed: async () => shopFeed,
      customerProfiles: async () => customerProfiles,
      dataImport: async () => dataImport,
      merchandising: async () => merchandisingAdmin,
      experimentReports: async () => experimentReports,
    },
    models,
    merchandising,
    async close() {
      await executor.close({ force: true });
      rmSync(objectsDir, { recursive: true, force: true });
    },
  };
}
