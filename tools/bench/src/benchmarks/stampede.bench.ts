import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { defineBenchmark } from '../benchmark';
import { stampede } from '../stampede';

const CONCURRENCY = 1_000;
const LOADER_MS = 50;
const SHARED_KEYS = 5;
const TARGET_LOADS = 1;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function connectedRedisCache(keyPrefix: string): Promise<AsyncCache> {
  const cache = createCache({ backend: 'redis', redisUrl: REDIS_URL, keyPrefix });
  await cache.ping(AbortSignal.timeout(5_000)).catch((err: unknown) => {
    throw new Error(`stampede needs Redis at ${REDIS_URL}: ${err instanceof Error ? err.message : String(err)}`);
  });
  return cache;
}

/** Two processes (same node, same execArgv: tsx and the @reco/source condition) stampede the same keys at once. */
async function twoProcessStampede(keyPrefix: string, keys: string[]): Promise<Record<string, number>> {
  const worker = path.join(__dirname, '..', 'stampede-worker.ts');
  const children = [0, 1].map(() => fork(worker, [REDIS_URL, keyPrefix], { execPath: process.execPath, execArgv: process.execArgv }));
  const next = (child: ChildProcess) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Record<string, unknown>));
      child.once('exit', (code) => reject(new Error(`stampede worker exited with ${code}`)));
    });
  try {
    await Promise.all(children.map(next)); // both ready
    const done = children.map(next);
    for (const child of children) child.send({ go: true, keys, concurrency: CONCURRENCY, loaderMs: LOADER_MS });
    const results = (await Promise.all(done)) as { loads: Record<string, number> }[];
    return Object.fromEntries(keys.map((key) => [key, results.reduce((sum, r) => sum + (r.loads[key] ?? 0), 0)]));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

export default defineBenchmark({
  name: 'stampede',
  description: `${CONCURRENCY} concurrent getOrLoad on one cold key: loader calls (memory, Redis, two processes on Redis)`,
  async run() {
    const prefix = `reco-bench:stampede:${randomUUID().slice(0, 8)}:`;
    const memory = createCache({ backend: 'memory' });
    const memoryLoads = await stampede(memory, 'cold', CONCURRENCY, LOADER_MS);
    await memory.close();

    const redis = await connectedRedisCache(prefix);
    const keys = Array.from({ length: SHARED_KEYS }, (_, i) => `shared:${i}`);
    try {
      const redisLoads = await stampede(redis, 'cold', CONCURRENCY, LOADER_MS);
      const perKey = await twoProcessStampede(prefix, keys);
      const twoProcessLoads = Math.max(...Object.values(perKey));
      return {
        bench: 'stampede',
        concurrency: CONCURRENCY,
        memoryLoads,
        redisLoads,
        twoProcessLoads,
        twoProcessKeys: SHARED_KEYS,
        twoProcessTotalLoads: Object.values(perKey).reduce((s, v) => s + v, 0),
        target: TARGET_LOADS,
        pass: memoryLoads === TARGET_LOADS && redisLoads === TARGET_LOADS && twoProcessLoads <= TARGET_LOADS,
      };
    } finally {
      await Promise.all(['cold', ...keys].map((key) => redis.delete(key)));
      await redis.close();
    }
  },
});
