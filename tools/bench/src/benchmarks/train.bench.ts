import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCache } from '@reco/async-cache';
import { openDatabase } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { createRecommendationServices } from '@reco/recommendation-tools';
import { defineBenchmark } from '../benchmark';
import { round, summarize } from '../stats';
import { fullDatasetDatabase } from './full-dataset-database';

const TARGET_SECONDS = 120;
const TARGET_PROBE_MS = 50;
const PROBE_EVERY_MS = 50;

/** One GET, timed from the request to the end of the answer. */
function probe(port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/health/live', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
    req.end();
  });
}

export default defineBenchmark({
  name: 'train',
  description: `trains the recommender on the full training file through the trainer (worker pool) while probing /health/live every ${PROBE_EVERY_MS} ms`,
  async run() {
    const data = await fullDatasetDatabase();
    const db = await openDatabase({ url: data.url });
    const executor = new AsyncExecutor({ name: 'bench' });
    const cache = createCache({ backend: 'memory' });
    const store = new LocalObjectStore({ root: path.join(data.dir, 'objects') });
    const { registry, trainer } = createRecommendationServices({ database: { get: async () => db }, objectStore: store, executor, cache });
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/health/live' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      await registry.start(); // workers up and TF.js ready: training time is the run itself
      const samples: number[] = [];
      let failures = 0;
      let training = true;
      const prober = (async () => {
        while (training) {
          const next = performance.now() + PROBE_EVERY_MS;
          try {
            samples.push(await probe(port));
          } catch {
            failures++;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
        }
      })();
      const started = performance.now();
      const outcome = await trainer.train();
      const seconds = (performance.now() - started) / 1000;
      training = false;
      await prober;
      const probes = summarize(samples);
      return {
        bench: 'train',
        seconds: round(seconds, 2),
        backend: outcome.metadata.backend,
        version: outcome.version,
        counts: outcome.metadata.counts,
        trainMs: outcome.metrics['trainMs'],
        metrics: outcome.metrics,
        probes: probes.count,
        probeFailures: failures,
        probeP50Ms: probes.p50,
        probeP99Ms: probes.p99,
        probeMaxMs: probes.max,
        targets: { seconds: TARGET_SECONDS, probeMaxMs: TARGET_PROBE_MS },
        pass: seconds <= TARGET_SECONDS && probes.max <= TARGET_PROBE_MS && failures === 0,
      };
    } finally {
      server.close();
      await executor.close();
      await cache.close();
      await db.close();
      data.cleanup();
    }
  },
});
