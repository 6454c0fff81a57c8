import { initTensorFlow, invertSpd, tf } from '@reco/ml';
(async () => {
  console.log(await initTensorFlow());
  for (const n of [300, 1200, 3600]) {
    const x = tf.randomNormal([n + 50, n]);
    const g = tf.add(tf.matMul(tf.transpose(x), x), tf.mul(tf.eye(n), 300)) as tf.Tensor2D;
    const t0 = Date.now();
    const inv = invertSpd(g);
    inv.dataSync();
    const t1 = Date.now();
    const err = tf.max(tf.abs(tf.sub(tf.matMul(g, inv), tf.eye(n)))).dataSync()[0];
    console.log(n, 'ms', t1 - t0, 'err', err, tf.memory().numTensors);
  }
})();
