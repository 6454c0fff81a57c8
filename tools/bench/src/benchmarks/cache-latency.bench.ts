import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { defineBenchmark } from '../benchmark';
import { summarize, type LatencySummary } from '../stats';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TARGET_MEMORY_P99_MS = 0.1;
const TARGET_REDIS_P99_MS = 2;

// What a recommendation tool caches: 20 scored products with a timestamp.
const value = {
  userId: '17850',
  computedAt: new Date(),
  items: Array.from({ length: 20 }, (_, i) => ({ productId: `P${10_000 + i}`, title: `WHITE HANGING HEART T-LIGHT HOLDER ${i}`, score: 1 / (i + 1), price: 2.55 })),
};

/** Sequential awaited hits on one warm key, each timed on its own. */
async function hitLatency(cache: AsyncCache, samples: number): Promise<LatencySummary> {
  await cache.set('hit', value, { ttlMs: 600_000 });
  for (let i = 0; i < Math.min(5_000, samples); i++) await cache.get('hit'); // warm up JIT and connection
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const got = await cache.get('hit');
    times.push(performance.now() - started);
    if (got === undefined) throw new Error('cache-latency: expected a hit');
  }
  await cache.delete('hit');
  return summarize(times);
}

export default defineBenchmark({
  name: 'cache-latency',
  description: 'Cache hit latency p50/p99: memory, Redis over 127.0.0.1, tiered (L1)',
  async run() {
    const keyPrefix = `reco-bench:latency:${randomUUID().slice(0, 8)}:`;
    const memory = createCache({ backend: 'memory' });
    const redis = createCache({ backend: 'redis', redisUrl: REDIS_URL, keyPrefix });
    const tiered = createCache({ backend: 'tiered', redisUrl: REDIS_URL, keyPrefix, l1TtlMs: 600_000 });
    try {
      await Promise.all([redis.ping(AbortSignal.timeout(5_000)), tiered.ping(AbortSignal.timeout(5_000))]);
      const m = await hitLatency(memory, 50_000);
      const r = await hitLatency(redis, 10_000);
      const t = await hitLatency(tiered, 50_000);
      return {
        bench: 'cache-latency',
        memoryP50Ms: m.p50,
        memoryP99Ms: m.p99,
        redisP50Ms: r.p50,
        redisP99Ms: r.p99,
        tieredL1P50Ms: t.p50,
        tieredL1P99Ms: t.p99,
        targets: { memoryP99Ms: TARGET_MEMORY_P99_MS, redisP99Ms: TARGET_REDIS_P99_MS },
        pass: m.p99 < TARGET_MEMORY_P99_MS && r.p99 < TARGET_REDIS_P99_MS,
      };
    } finally {
      await Promise.all([memory.close(), redis.close(), tiered.close()]);
    }
  },
});
