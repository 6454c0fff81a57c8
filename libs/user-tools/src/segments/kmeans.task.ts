// Runs inside a worker thread of the executor pool: k-means is CPU-bound and must stay off the
// event loop. Loaded by module path, so it imports libs by package name.
import { defineTask, withTransfer } from '@reco/executor';
import { initTensorFlow } from '@reco/ml';
import { kMeans, type KMeansInput, type KMeansResult } from './kmeans';

export type KMeansTaskResult = KMeansResult & { backend: string; ms: number };

/** k-means on this thread (a worker's), with the TF.js backend it ran on. */
export async function kMeansHere(input: KMeansInput): Promise<KMeansTaskResult> {
  const started = performance.now();
  const backend = await initTensorFlow();
  const result = kMeans(input);
  return { ...result, backend, ms: performance.now() - started };
}

export default defineTask(async (payload: KMeansInput) => {
  const out = await kMeansHere(payload);
  return withTransfer(out, [out.assignments, out.centroids, out.means, out.stds]);
});
