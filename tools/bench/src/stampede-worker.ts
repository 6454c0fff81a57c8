// Child process of the stampede benchmark: one "instance" hammering shared cold keys on Redis.
// Talks to its parent over IPC: sends `ready`, waits for `go`, answers with its loader calls per key.
import { createCache } from '@reco/async-cache';
import { stampede } from './stampede';

interface Go {
  go: true;
  keys: string[];
  concurrency: number;
  loaderMs: number;
}

async function main(): Promise<void> {
  const [redisUrl, keyPrefix] = process.argv.slice(2);
  if (!redisUrl || !keyPrefix || !process.send) throw new Error('usage: forked by stampede.bench.ts with <redisUrl> <keyPrefix>');
  const cache = createCache({ backend: 'redis', redisUrl, keyPrefix });
  await cache.ping(AbortSignal.timeout(5_000));
  const go = await new Promise<Go>((resolve) => {
    process.once('message', (message) => resolve(message as Go));
    process.send?.({ ready: true });
  });
  const loads = await Promise.all(go.keys.map((key) => stampede(cache, key, go.concurrency, go.loaderMs)));
  process.send({ loads: Object.fromEntries(go.keys.map((key, i) => [key, loads[i]])), stats: cache.stats() });
  await cache.close();
  process.disconnect();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
