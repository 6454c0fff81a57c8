import { invertSpd, tf } from '@reco/ml';
import { topNeighbours, type SparseNeighbours } from './sparse-neighbours';

/** Customer rows of the implicit-feedback matrix: items and weights of each customer. */
export interface CustomerItemRows {
  offsets: Int32Array;
  items: Int32Array;
  weights: Float32Array;
}

/**
 * EASE (Steck 2019): the item-item weights B minimising ||X - XB||² + λ||B||² with diag(B) = 0,
 * in closed form B = I - P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹. The Gram matrix is summed sparsely
 * in JS; the inverse, the costly part, runs on the TensorFlow.js backend.
 */
export function trainEase(rows: CustomerItemRows, itemCount: number, lambda: number, width: number): SparseNeighbours {
  const n = itemCount;
  const gram = new Float32Array(n * n);
  for (let c = 0; c + 1 < rows.offsets.length; c++) {
    const start = rows.offsets[c];
    const end = rows.offsets[c + 1];
    for (let a = start; a < end; a++) {
      const i = rows.items[a];
      const wi = rows.weights[a];
      for (let b = start; b < end; b++) gram[i * n + rows.items[b]] += wi * rows.weights[b];
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
  const p = tf.tidy(() => invertSpd(tf.tensor2d(gram, [n, n])));
  const dense = p.dataSync() as Float32Array;
  p.dispose();
  // B_ij = -P_ij / P_jj; row i then lists what a purchase of i suggests.
  const diag = new Float32Array(n);
  for (let j = 0; j < n; j++) diag[j] = dense[j * n + j];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dense[i * n + j] = i === j ? 0 : -dense[i * n + j] / diag[j];
  return topNeighbours(dense, n, width);
}
