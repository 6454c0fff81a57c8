import { tf } from '@reco/ml';
import { seededRandom } from './seeded-random';

export interface KMeansInput {
  /** Row-major n x d. */
  values: Float64Array;
  rows: number;
  columns: number;
  k: number;
  seed: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. */
  restarts?: number;
  maxIterations?: number;
}

export interface KMeansResult {
  /** Cluster of each row, 0..k-1. */
  assignments: Int32Array;
  /** k x d, in standardised units (z-scores of each column). */
  centroids: Float64Array;
  /** Column means and standard deviations used to standardise. */
  means: Float64Array;
  stds: Float64Array;
  k: number;
  inertia: number;
  iterations: number;
}

/** Column z-scores; a constant column gets std 1 so it standardises to 0, not NaN. */
export function standardise(values: Float64Array, rows: number, columns: number) {
  const means = new Float64Array(columns);
  const stds = new Float64Array(columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) means[j] += (values[i * columns + j] as number) / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) stds[j] += ((values[i * columns + j] as number) - (means[j] as number)) ** 2 / rows;
  }
  for (let j = 0; j < columns; j++) stds[j] = Math.sqrt(stds[j] as number) || 1;
  const z = new Float32Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) z[i * columns + j] = ((values[i * columns + j] as number) - (means[j] as number)) / (stds[j] as number);
  }
  return { z, means, stds };
}

/** k-means++: the first centre uniformly, each next one with probability proportional to D². */
function kMeansPlusPlus(z: Float32Array, rows: number, columns: number, k: number, random: () => number): Float32Array {
  const centres = new Float32Array(k * columns);
  const nearest = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  let pick = Math.floor(random() * rows);
  for (let c = 0; c < k; c++) {
    centres.set(z.subarray(pick * columns, (pick + 1) * columns), c * columns);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      let d = 0;
      for (let j = 0; j < columns; j++) d += ((z[i * columns + j] as number) - (centres[c * columns + j] as number)) ** 2;
      if (d < (nearest[i] as number)) nearest[i] = d;
      total += nearest[i] as number;
    }
    if (total === 0) break; // fewer distinct points than k: the remaining centres stay duplicates
    let target = random() * total;
    pick = rows - 1;
    for (let i = 0; i < rows; i++) {
      target -= nearest[i] as number;
      if (target <= 0) {
        pick = i;
        break;
      }
    }
  }
  return centres;
}

/** ||x - c||² = ||x||² - 2 x·c + ||c||², for all rows and centres at once: [n, k]. */
function squaredDistances(x: tf.Tensor2D, xNorms: tf.Tensor, centres: tf.Tensor2D, k: number): tf.Tensor2D {
  const cross = tf.mul(tf.matMul(x, centres, false, true), 2);
  return tf.add(tf.sub(xNorms, cross), tf.reshape(tf.sum(tf.square(centres), 1), [1, k])) as tf.Tensor2D;
}

/** Lloyd iterations on TF.js tensors from one start; returns the assignments, centres and inertia. */
function lloyd(x: tf.Tensor2D, start: Float32Array, k: number, columns: number, maxIterations: number) {
  let centres = tf.tensor2d(start, [k, columns]);
  let assignments = new Int32Array(0);
  let iterations = 0;
  const xNorms = tf.tidy(() => tf.sum(tf.square(x), 1, true));
  try {
    for (; iterations < maxIterations; iterations++) {
      const current = centres;
      const [next, labels] = tf.tidy(() => {
        const label = tf.argMin(squaredDistances(x, xNorms, current, k), 1);
        const members = tf.cast(tf.oneHot(label, k), 'float32');
        const counts = tf.reshape(tf.sum(members, 0), [k, 1]);
        const sums = tf.matMul(members, x, true, false);
        // An empty cluster keeps its centre rather than becoming NaN.
        const moved = tf.where(tf.tile(tf.greater(counts, 0), [1, columns]), tf.div(sums, tf.maximum(counts, 1)), current);
        return [moved as tf.Tensor2D, label];
      });
      const labelData = Int32Array.from(labels.dataSync());
      labels.dispose();
      current.dispose();
      centres = next as tf.Tensor2D;
      const converged = labelData.length === assignments.length && labelData.every((v, i) => v === assignments[i]);
      assignments = labelData;
      if (converged) break;
    }
    const final = centres;
    const inertia = tf.tidy(() => tf.sum(tf.maximum(tf.min(squaredDistances(x, xNorms, final, k), 1), 0)).dataSync()[0] as number);
    return { assignments, centres: Float64Array.from(centres.dataSync()), inertia, iterations: Math.min(iterations + 1, maxIterations) };
  } finally {
    centres.dispose();
    xNorms.dispose();
  }
}

/** k-means on standardised columns with seeded k-means++ starts: the same input gives the same clusters. */
export function kMeans(input: KMeansInput): KMeansResult {
  const { rows, columns, seed } = input;
  const { z, means, stds } = standardise(input.values, rows, columns);
  const k = Math.max(1, Math.min(input.k, rows));
  if (rows === 0) return { assignments: new Int32Array(0), centroids: new Float64Array(0), means, stds, k: 0, inertia: 0, iterations: 0 };
  if (k === 1) return oneCluster(z, rows, columns, means, stds);
  const random = seededRandom(seed);
  const x = tf.tensor2d(z, [rows, columns]);
  try {
    let best: ReturnType<typeof lloyd> | undefined;
    for (let r = 0; r < Math.max(1, input.restarts ?? 4); r++) {
      const run = lloyd(x, kMeansPlusPlus(z, rows, columns, k, random), k, columns, input.maxIterations ?? 100);
      if (!best || run.inertia < best.inertia) best = run;
    }
    const chosen = best as ReturnType<typeof lloyd>;
    return { assignments: chosen.assignments, centroids: chosen.centres, means, stds, k, inertia: chosen.inertia, iterations: chosen.iterations };
  } finally {
    x.dispose();
  }
}

/** One cluster (one row, or k = 1): every row in it, its centre the mean of the standardised rows (0). */
function oneCluster(z: Float32Array, rows: number, columns: number, means: Float64Array, stds: Float64Array): KMeansResult {
  const centroids = new Float64Array(columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) centroids[j] += (z[i * columns + j] as number) / rows;
  let inertia = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) inertia += ((z[i * columns + j] as number) - (centroids[j] as number)) ** 2;
  return { assignments: new Int32Array(rows), centroids, means, stds, k: 1, inertia, iterations: 0 };
}
