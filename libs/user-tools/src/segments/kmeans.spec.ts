import { initTensorFlow, tf } from '@reco/ml';
import { clusterLabel, uniqueLabels } from './cluster-labels';
import { kMeans, standardise } from './kmeans';
import { seededRandom } from './seeded-random';

/** Three well separated blobs of 2-d points, 50 each, from a seeded generator. */
function blobs(): Float64Array {
  const random = seededRandom(7);
  const centres = [[0, 0], [10, 10], [-10, 10]];
  const values = new Float64Array(150 * 2);
  for (let i = 0; i < 150; i++) {
    const c = centres[Math.floor(i / 50)] as number[];
    values[i * 2] = (c[0] as number) + random() - 0.5;
    values[i * 2 + 1] = (c[1] as number) + random() - 0.5;
  }
  return values;
}

describe('kMeans (TF.js)', () => {
  beforeAll(() => initTensorFlow());

  it('finds well separated groups, and the same ones for the same seed', () => {
    const tensorsBefore = tf.memory().numTensors;
    const first = kMeans({ values: blobs(), rows: 150, columns: 2, k: 3, seed: 42 });
    const second = kMeans({ values: blobs(), rows: 150, columns: 2, k: 3, seed: 42 });
    expect(tf.memory().numTensors).toBe(tensorsBefore); // nothing leaks per run
    for (let blob = 0; blob < 3; blob++) {
      const labels = new Set(first.assignments.subarray(blob * 50, blob * 50 + 50));
      expect(labels.size).toBe(1);
    }
    expect(new Set(first.assignments).size).toBe(3);
    expect(Array.from(second.assignments)).toEqual(Array.from(first.assignments));
    expect(first.inertia).toBeGreaterThan(0);
    expect(first.iterations).toBeLessThan(100);
  });

  it('caps k at the number of rows and handles no rows', () => {
    expect(kMeans({ values: Float64Array.from([1, 2, 3, 4]), rows: 2, columns: 2, k: 6, seed: 1 }).k).toBe(2);
    expect(kMeans({ values: new Float64Array(0), rows: 0, columns: 2, k: 6, seed: 1 })).toMatchObject({ k: 0, assignments: new Int32Array(0) });
  });

  it('puts every row in one cluster when k is 1 or there is one row (TF.js oneHot needs a depth of 2)', () => {
    const one = kMeans({ values: Float64Array.from([5, 1]), rows: 1, columns: 2, k: 6, seed: 1 });
    expect(one.k).toBe(1);
    expect([...one.assignments]).toEqual([0]);
    const three = kMeans({ values: Float64Array.from([1, 2, 3, 4, 5, 9]), rows: 3, columns: 2, k: 1, seed: 1 });
    expect([...three.assignments]).toEqual([0, 0, 0]);
    expect([...three.centroids].map((c) => Math.round(c * 1e6) / 1e6)).toEqual([0, 0]);
    expect(three.inertia).toBeCloseTo(6, 5);
  });

  it('standardises each column to mean 0 and std 1, leaving a constant column at 0', () => {
    const { z, means, stds } = standardise(Float64Array.from([1, 5, 3, 5, 5, 5]), 3, 2);
    expect(Array.from(means)).toEqual([3, 5]);
    expect(stds[1]).toBe(1);
    expect(Array.from(z).filter((_, i) => i % 2 === 1)).toEqual([0, 0, 0]);
    expect(Array.from(z).filter((_, i) => i % 2 === 0).reduce((s, v) => s + v, 0)).toBeCloseTo(0);
  });
});

describe('cluster labels', () => {
  const averages = { monetary: 0, frequency: 4, recencyDays: 0, basket: 0, distinctProducts: 0, returnRate: 0 };

  it('names value, rhythm and what stands out', () => {
    // Columns: logMonetary, logFrequency, logRecencyDays, logAverageBasket, logDistinctProducts, returnRate.
    expect(clusterLabel([1.5, 1.2, -1, 0, 1, 0], averages)).toBe('high-value frequent, recent');
    expect(clusterLabel([-1, -1, 1, -1, -1, 0], { ...averages, frequency: 1 })).toBe('low-value one-off, lapsed, small baskets');
    expect(clusterLabel([0, 0, 0, 1, 0, 2], averages)).toBe('mid-value occasional, large baskets, many returns');
  });

  it('numbers repeated labels', () => {
    expect(uniqueLabels(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a (2)', 'a (3)']);
  });
});
