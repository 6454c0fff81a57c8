// Runs inside a worker thread of the executor pool: k-means is CPU-bound and must stay off the
// event loop. Loaded by module path, so it imports libs by package name.
import { defineTask, withTransfer } from '@reco/executor';
import { initTensorFlow } from '@reco/ml';
import { kMeans, type KMeansInput, type KMeansResult } from './kmeans';

export type KMeansTaskResult = KMeansResult & { backend: string; ms: number };

export default defineTask(async (payload: KMeansInput) => {
  const started = performance.now();
  const backend = await initTensorFlow();
  const result = kMeans(payload);
  const out: KMeansTaskResult = { ...result, backend, ms: performance.now() - started };
  return withTransfer(out, [result.assignments, result.centroids, result.means, result.stds]);
});
