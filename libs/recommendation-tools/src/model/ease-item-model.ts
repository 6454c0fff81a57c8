import { invertSpd, tf } from '@reco/ml';
import { NeighbourSelector, emptyNeighbours, type SparseNeighbours } from './sparse-neighbours';

/** Customer rows of the implicit-feedback matrix: items and weights of each customer. */
export interface CustomerItemRows {
  offsets: Int32Array;
  items: Int32Array;
  weights: Float32Array;
}

/**
 * EASE (Steck 2019) over the `head` items (ascending item indices): the item-item weights B
 * minimising ||X - XB||² + λ||B||² with diag(B) = 0, in closed form B = I - P·diag(1/diag(P)),
 * P = (XᵀX + λI)⁻¹, X restricted to the head's columns. The Gram matrix is summed sparsely in
 * JS; the inverse, the costly part (h² memory, h³ time), runs on the TensorFlow.js backend.
 * Rows of items outside the head stay empty.
 */
export function trainEase(rows: CustomerItemRows, itemCount: number, head: Int32Array, lambda: number, width: number): SparseNeighbours {
  const h = head.length;
  const position = new Int32Array(itemCount).fill(-1);
  head.forEach((item, at) => (position[item] = at));
  const gram = new Float32Array(h * h);
  const rowAt = new Int32Array(itemCount);
  const rowWeight = new Float32Array(itemCount);
  for (let c = 0; c + 1 < rows.offsets.length; c++) {
    let size = 0;
    for (let a = rows.offsets[c]; a < rows.offsets[c + 1]; a++) {
      const at = position[rows.items[a]];
      if (at < 0) continue;
      rowAt[size] = at;
      rowWeight[size++] = rows.weights[a];
    }
    for (let a = 0; a < size; a++) {
      const base = rowAt[a] * h;
      const wa = rowWeight[a];
      for (let b = 0; b < size; b++) gram[base + rowAt[b]] += wa * rowWeight[b];
    }
  }
  for (let i = 0; i < h; i++) gram[i * h + i] += lambda;
  const p = tf.tidy(() => invertSpd(tf.tensor2d(gram, [h, h])));
  const dense = p.dataSync() as Float32Array;
  p.dispose();
  // B_ij = -P_ij / P_jj; row i then lists what a purchase of i suggests.
  const out = emptyNeighbours(itemCount, width);
  const selector = new NeighbourSelector(width);
  for (let i = 0; i < h; i++) {
    selector.reset();
    for (let j = 0; j < h; j++) if (j !== i) selector.offer(head[j], -dense[i * h + j] / dense[j * h + j]);
    selector.writeRow(out, head[i]);
  }
  return out;
}
