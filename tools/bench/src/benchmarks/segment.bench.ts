import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCache } from '@reco/async-cache';
import { openDatabase, type DatabaseHandle } from '@reco/data';
import { AsyncExecutor, EventLoopMonitor } from '@reco/executor';
import { SegmentationService, SegmentStore } from '@reco/user-tools';
import { defineBenchmark } from '../benchmark';
import { round } from '../stats';
import { fullDatasetDatabase } from './full-dataset-database';
import { DEFAULT_DATASET } from './import-bench';

const TARGET_SECONDS = 10;

export default defineBenchmark({
  name: 'segment',
  description: `RFM segments + k-means clusters (TF.js, worker pool) of every customer of the training file (<= ${TARGET_SECONDS} s, off the event loop)`,
  async run(args) {
    const file = args[0] ?? DEFAULT_DATASET;
    if (!existsSync(file)) throw new Error(`dataset not found: ${file} (pass its path: npm run bench -- segment <file.csv.gz>)`);
    const copy = await fullDatasetDatabase(file);
    const db = await openDatabase({ url: copy.url });
    await db.migrate();
    const database: DatabaseHandle = { get: async () => db };
    const cache = createCache({ backend: 'memory' });
    const executor = new AsyncExecutor({ threads: 2, name: 'bench-segment' });
    const segmentation = new SegmentationService({ database, executor, store: new SegmentStore(database, cache, 60_000), clusters: 6, seed: 42 });
    try {
      // Cold: the worker starts and loads TF.js inside the measured run, as the first run after boot does.
      const monitor = new EventLoopMonitor(10).start();
      const started = performance.now();
      const report = await segmentation.recompute();
      const seconds = (performance.now() - started) / 1000;
      const loop = monitor.stop().snapshot();
      const warmStarted = performance.now();
      await segmentation.recompute();
      const warmSeconds = (performance.now() - warmStarted) / 1000;
      return {
        bench: 'segment',
        file: path.basename(file),
        customers: report.customers,
        buyers: report.buyers,
        referenceDate: report.referenceDate,
        seconds: round(seconds, 2),
        warmSeconds: round(warmSeconds, 2),
        timingsMs: report.timings,
        tensorflowBackend: report.tensorflowBackend,
        segments: report.segments,
        clusters: report.clusters,
        eventLoopDelayMs: { p50: loop.p50, p99: loop.p99, max: loop.max },
        targetSeconds: TARGET_SECONDS,
        pass: seconds <= TARGET_SECONDS && report.customers > 0,
      };
    } finally {
      await executor.close();
      await cache.close();
      await db.close();
      copy.cleanup();
    }
  },
});
