import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCache } from '@reco/async-cache';
import { ToolRegistry } from '@reco/base-tools';
import { openDatabase } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { createRecommendationServices, createRecommendationTools, recommendBatch } from '@reco/recommendation-tools';
import { defineBenchmark } from '../benchmark';
import { round, summarize } from '../stats';
import { fullDatasetDatabase } from './full-dataset-database';

const TARGET_P50_MS = 5;
const TARGET_P99_MS = 20;
const TARGET_BATCH_SECONDS = 30;

export default defineBenchmark({
  name: 'recommend-latency',
  description: 'get_recommendations per customer from a loaded model, uncached, through the tool registry; then all customers through the batch path of `recommend --users`',
  async run() {
    const data = await fullDatasetDatabase();
    const db = await openDatabase({ url: data.url });
    const executor = new AsyncExecutor({ name: 'bench' });
    const store = new LocalObjectStore({ root: path.join(data.dir, 'objects') });
    // A 1 ms TTL: every call misses the cache, so each one ranks (what "uncached" means here).
    const cache = createCache({ backend: 'memory' });
    const options = { cacheTtlMs: 1, holdoutDays: 0 };
    const work = mkdtempSync(path.join(tmpdir(), 'reco-bench-batch-'));
    try {
      const deps = { database: { get: async () => db }, objectStore: store, executor, cache };
      await createRecommendationServices(deps, options).trainer.train();
      // A second instance loads the stored model, as a server does at start.
      const { registry: modelRegistry, service } = createRecommendationServices(deps, options);
      const loadStarted = performance.now();
      const status = await modelRegistry.start();
      const loadMs = performance.now() - loadStarted;
      const registry = new ToolRegistry({ defaultTimeoutMs: 10_000 }).register(...createRecommendationTools(service));
      const customers = (await db.client.customer.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);
      const caller = { kind: 'service' as const, keyId: 'bench' };
      // Warm-up pass (JIT, first reads); with a 1 ms TTL the measured pass still ranks every call.
      for (const id of customers) await registry.invoke('get_recommendations', { userId: id, k: 20 }, { caller });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const times: number[] = [];
      let failed = 0;
      for (const id of customers) {
        const started = performance.now();
        const result = await registry.invoke('get_recommendations', { userId: id, k: 20 }, { caller });
        times.push(performance.now() - started);
        if (!result.ok) failed++;
      }
      const latency = summarize(times);
      const file = path.join(work, 'users.txt');
      writeFileSync(file, customers.join('\n') + '\n');
      let lines = 0;
      const batchStarted = performance.now();
      await recommendBatch(service, createInterface({ input: createReadStream(file), crlfDelay: Infinity }), { k: 20 }, (list) => {
        JSON.stringify({ userId: list.userId, items: list.items.map((i) => i.productId) });
        lines++;
      });
      const batchSeconds = (performance.now() - batchStarted) / 1000;
      return {
        bench: 'recommend-latency',
        customers: customers.length,
        modelVersion: status.version,
        backend: status.backend,
        loadMs: round(loadMs, 1),
        failed,
        p50Ms: latency.p50,
        p95Ms: latency.p95,
        p99Ms: latency.p99,
        maxMs: latency.max,
        batchLines: lines,
        batchSeconds: round(batchSeconds, 2),
        targets: { p50Ms: TARGET_P50_MS, p99Ms: TARGET_P99_MS, batchSeconds: TARGET_BATCH_SECONDS },
        pass: failed === 0 && latency.p50 <= TARGET_P50_MS && latency.p99 <= TARGET_P99_MS && batchSeconds <= TARGET_BATCH_SECONDS && lines === customers.length,
      };
    } finally {
      await executor.close();
      await cache.close();
      await db.close();
      rmSync(work, { recursive: true, force: true });
      data.cleanup();
    }
  },
});
