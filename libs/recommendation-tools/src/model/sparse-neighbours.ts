/** Top-`width` neighbours per item, row-major; unused slots hold index -1. */
export interface SparseNeighbours {
  width: number;
  index: Int32Array;
  weight: Float32Array;
}

/** Keeps the `width` largest positive entries of each row of a dense row-major matrix. */
export function topNeighbours(dense: Float32Array, n: number, width: number, skipDiagonal = true): SparseNeighbours {
  const index = new Int32Array(n * width).fill(-1);
  const weight = new Float32Array(n * width);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let count = 0;
    for (let j = 0; j < n; j++) if (dense[row + j] > 0 && (!skipDiagonal || j !== i)) order[count++] = j;
    const picked = Array.from(order.subarray(0, count))
      .sort((a, b) => dense[row + b] - dense[row + a])
      .slice(0, width);
    picked.forEach((j, slot) => {
      index[i * width + slot] = j;
      weight[i * width + slot] = dense[row + j];
    });
  }
  return { width, index, weight };
}
