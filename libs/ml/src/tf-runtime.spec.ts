import { initTensorFlow, tensorflowBackend, tf } from './index';

describe('initTensorFlow', () => {
  it('falls back from the absent native backend to wasm and reports it', async () => {
    const name = await initTensorFlow();
    expect(['tensorflow', 'wasm']).toContain(name); // tfjs-node cannot install here: wasm
    expect(tensorflowBackend()).toBe(name);
    expect(await initTensorFlow()).toBe(name); // idempotent
  });

  it('trains through tf.gather on the chosen backend (UnsortedSegmentSum registered)', async () => {
    await initTensorFlow();
    const table = tf.variable(tf.ones([5, 3]));
    const opt = tf.train.sgd(0.1);
    opt.minimize(() => tf.sum(tf.gather(table, tf.tensor1d([1, 1, 3], 'int32'))) as tf.Scalar);
    const rows = (await table.array()) as number[][];
    expect(rows[1][0]).toBeCloseTo(0.8);
    expect(rows[3][0]).toBeCloseTo(0.9);
    expect(rows[0][0]).toBeCloseTo(1);
    table.dispose();
    opt.dispose();
  });
});
