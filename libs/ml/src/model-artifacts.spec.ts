import { decodeArtifacts, encodeArtifacts, initTensorFlow, invertSpd, tf, type ModelMetadata } from './index';

const metadata: ModelMetadata = {
  name: 'test',
  version: 1,
  trainedAt: '2011-11-09T00:00:00.000Z',
  window: { until: '2011-11-09T00:00:00.000Z' },
  counts: { customers: 2 },
  metrics: { recall: 0.25 },
  backend: 'wasm',
};

describe('model artifacts', () => {
  beforeAll(() => initTensorFlow());

  it('round-trips typed arrays bit-identically with metadata and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const arrays = { weights: Float32Array.from([0.1, -2.5, Math.PI, 1e-30, Number.NaN]), index: Int32Array.from([-1, 0, 2 ** 30]) };
    const artifacts = await encodeArtifacts(arrays, metadata);
    const bytes = Buffer.from(artifacts.weights); // what an object store hands back
    const back = decodeArtifacts({ manifest: artifacts.manifest, weights: new Uint8Array(bytes) });
    expect(Buffer.from(back.arrays['weights'].buffer)).toEqual(Buffer.from(arrays.weights.buffer));
    expect(Array.from(back.arrays['index'])).toEqual([-1, 0, 2 ** 30]);
    expect(back.metadata).toEqual(metadata);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('inverts a symmetric positive-definite matrix larger than one leaf', () => {
    const n = 300;
    const before = tf.memory().numTensors;
    const err = tf.tidy(() => {
      const x = tf.randomNormal([n + 10, n], 0, 1, 'float32', 7);
      const g = tf.add(tf.matMul(tf.transpose(x), x), tf.mul(tf.eye(n), 10)) as tf.Tensor2D;
      return tf.max(tf.abs(tf.sub(tf.matMul(g, invertSpd(g)), tf.eye(n)))).dataSync()[0];
    });
    expect(err).toBeLessThan(1e-3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
