import type { AsyncCache } from '@reco/async-cache';

/** `concurrency` simultaneous getOrLoad calls on one cold key; returns how many times the loader ran. */
export async function stampede(cache: AsyncCache, key: string, concurrency: number, loaderMs: number): Promise<number> {
  let loads = 0;
  const loader = async () => {
    loads++;
    await new Promise((resolve) => setTimeout(resolve, loaderMs));
    return { key, items: [{ productId: '85123A', score: 0.93 }], computedAt: new Date() };
  };
  const results = await Promise.all(Array.from({ length: concurrency }, () => cache.getOrLoad(key, loader, { ttlMs: 60_000 })));
  if (results.some((r) => r?.key !== key)) throw new Error(`stampede on ${key}: a caller got a wrong value`);
  return loads;
}
