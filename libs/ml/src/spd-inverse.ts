import * as tf from '@tensorflow/tfjs-core';

// tf.linalg has no inverse. Block inversion through the Schur complement puts almost all the
// flops in matMul, which the wasm backend runs with SIMD; small leaves use Gauss-Jordan in JS.
const LEAF = 256;

/** Inverse of a symmetric positive-definite matrix (e.g. a regularised Gram matrix). */
export function invertSpd(matrix: tf.Tensor2D): tf.Tensor2D {
  const n = matrix.shape[0];
  if (n !== matrix.shape[1]) throw new Error(`invertSpd needs a square matrix, got ${matrix.shape.join('x')}`);
  if (n <= LEAF) return tf.tensor2d(gaussJordanInverse(matrix.dataSync(), n), [n, n]);
  return tf.tidy(() => blockInverse(matrix, n));
}

function blockInverse(matrix: tf.Tensor2D, n: number): tf.Tensor2D {
  {
    const h = n >> 1;
    const a = tf.slice(matrix, [0, 0], [h, h]);
    const b = tf.slice(matrix, [0, h], [h, n - h]);
    const d = tf.slice(matrix, [h, h], [n - h, n - h]);
    const aInv = invertSpd(a);
    const aInvB = tf.matMul(aInv, b) as tf.Tensor2D;
    // Explicit transposes: transposed matMul operands are several times slower on wasm.
    const aInvBT = tf.transpose(aInvB) as tf.Tensor2D;
    const schur = tf.sub(d, tf.matMul(tf.transpose(b), aInvB)) as tf.Tensor2D;
    const sInv = invertSpd(schur);
    const topRight = tf.neg(tf.matMul(aInvB, sInv)) as tf.Tensor2D;
    const topLeft = tf.sub(aInv, tf.matMul(topRight, aInvBT)) as tf.Tensor2D;
    const top = tf.concat2d([topLeft, topRight], 1);
    const bottom = tf.concat2d([tf.transpose(topRight) as tf.Tensor2D, sInv], 1);
    return tf.concat2d([top, bottom], 0);
  }
}

function gaussJordanInverse(values: ArrayLike<number>, n: number): Float32Array {
  const a = Float64Array.from(values);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    if (a[pivot * n + col] === 0) throw new Error('invertSpd: singular matrix');
    if (pivot !== col) swapRows(a, inv, n, pivot, col);
    const scale = 1 / a[col * n + col];
    for (let j = 0; j < n; j++) {
      a[col * n + j] *= scale;
      inv[col * n + j] *= scale;
    }
    for (let r = 0; r < n; r++) {
      const f = a[r * n + col];
      if (r === col || f === 0) continue;
      for (let j = 0; j < n; j++) {
        a[r * n + j] -= f * a[col * n + j];
        inv[r * n + j] -= f * inv[col * n + j];
      }
    }
  }
  return Float32Array.from(inv);
}

function swapRows(a: Float64Array, b: Float64Array, n: number, r1: number, r2: number): void {
  for (let j = 0; j < n; j++) {
    let t = a[r1 * n + j];
    a[r1 * n + j] = a[r2 * n + j];
    a[r2 * n + j] = t;
    t = b[r1 * n + j];
    b[r1 * n + j] = b[r2 * n + j];
    b[r2 * n + j] = t;
  }
}
