import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import Redis from 'ioredis';
import { createCache } from '@reco/async-cache';
import { openDatabase } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { createRecommendationServices } from '@reco/recommendation-tools';
import { RedisClusterSignals } from '@reco/runtime';
import { defineBenchmark } from '../benchmark';
import { round, summarize } from '../stats';
import { startBackend } from '../scale/backend-server';
import { builtApps, stageEnv } from '../scale/built-apps';
import { fullDatasetDatabase } from './full-dataset-database';

const TARGET_P99_MS = 50;
const TARGET_REACH_MS = 1_000;
const RELOADS = 6;
const WINDOW_MS = 3_000;

interface Sample {
  at: number;
  ms: number;
  version: string | null;
}

export default defineBenchmark({
  name: 'reload',
  description: `a serving backend (built, Redis-tiered cache) answers recommendations back to back while another process activates a new model version ${RELOADS} times: time until it serves the new one, and p99 during the reloads`,
  async run(args) {
    const apps = builtApps(!args.includes('--no-build'));
    const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
    const prefix = `reco-bench-reload:${randomUUID().slice(0, 8)}:`;
    const data = await fullDatasetDatabase();
    const db = await openDatabase({ url: data.url });
    const executor = new AsyncExecutor({ name: 'bench' });
    const cache = createCache({ backend: 'memory' });
    // Two versions to switch between, trained here as a worker would.
    const { registry, trainer } = createRecommendationServices({ database: { get: async () => db }, objectStore: new LocalObjectStore({ root: path.join(data.dir, 'objects') }), executor, cache }, { holdoutDays: 0 });
    const versions = [(await trainer.train({ activate: false })).version, (await trainer.train()).version];
    await executor.close();
    const signals = new RedisClusterSignals({ redisUrl, prefix, logger: pino({ level: 'warn' }) });
    await signals.ready();
    const backend = await startBackend(
      apps.backend,
      stageEnv(data.dir, data.url, { CACHE_BACKEND: 'tiered', REDIS_URL: redisUrl, CACHE_KEY_PREFIX: prefix, RECO_MODEL_REFRESH_MS: '600000' }),
    );
    const customers = (await db.customers.list({ limit: 2_000 })).map((c) => c.id);
    const samples: Sample[] = [];
    let failures = 0;
    let running = true;
    const load = (async () => {
      for (let i = 0; running; i++) {
        const answer = await backend.client.get(`/api/users/${encodeURIComponent(customers[i % customers.length] ?? '')}/recommendations?k=10`);
        if (!answer.ok) failures++;
        else samples.push({ at: performance.now(), ms: answer.ms, version: (JSON.parse(answer.text) as { modelVersion: string | null }).modelVersion });
      }
    })();
    const reloads: { at: number; version: string }[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS)); // baseline, on the active version
      for (let i = 0; i < RELOADS; i++) {
        const version = versions[i % 2] as string;
        await db.modelVersions.activate(registry.modelName, version);
        reloads.push({ at: performance.now(), version });
        await signals.publish({ type: 'model-activated', name: registry.modelName, version });
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      }
    } finally {
      running = false;
      await load;
      await backend.stop();
      await signals.close();
      await db.close();
      await cache.close();
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      data.cleanup();
    }
    const firstReload = reloads[0]?.at ?? Infinity;
    const baseline = summarize(samples.filter((s) => s.at < firstReload).map((s) => s.ms));
    const during = summarize(samples.filter((s) => s.at >= firstReload).map((s) => s.ms));
    // Per reload: from the activation to the first answer from the new version.
    const reachMs = reloads.map(({ at, version }) => (samples.find((s) => s.at >= at && s.version === version)?.at ?? Infinity) - at);
    const worstReach = Math.max(...reachMs);
    return {
      bench: 'reload',
      node: process.version,
      customers: customers.length,
      requests: samples.length,
      failures,
      baseline,
      duringReloads: during,
      reachMs: reachMs.map((ms) => round(ms, 0)),
      target: { p99Ms: TARGET_P99_MS, reachMs: TARGET_REACH_MS },
      pass: failures === 0 && during.p99 <= TARGET_P99_MS && worstReach <= TARGET_REACH_MS,
    };
  },
});
