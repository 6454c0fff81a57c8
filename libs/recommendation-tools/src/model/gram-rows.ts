import type { CustomerItemRows } from './ease-item-model';

/** Rows that contain each item (the transpose of CustomerItemRows), with the same weights. */
interface ItemColumns {
  offsets: Int32Array;
  rows: Int32Array;
  weights: Float32Array;
}

function transpose(rows: CustomerItemRows, n: number): ItemColumns {
  const offsets = new Int32Array(n + 1);
  for (let a = 0; a < rows.items.length; a++) offsets[rows.items[a] + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const out = new Int32Array(rows.items.length);
  const weights = new Float32Array(rows.items.length);
  for (let r = 0; r + 1 < rows.offsets.length; r++) {
    for (let a = rows.offsets[r]; a < rows.offsets[r + 1]; a++) {
      const at = fill[rows.items[a]]++;
      out[at] = r;
      weights[at] = rows.weights[a];
    }
  }
  return { offsets, rows: out, weights };
}

/** One sparse row of XᵀX: `values[j]` and `counts[j]` for each `touched[0..size)`, j ≠ i. */
export interface GramRow {
  item: number;
  touched: Int32Array;
  size: number;
  /** Σ over shared rows of w_i · w_j. */
  values: Float64Array;
  /** Number of shared rows. */
  counts: Uint32Array;
}

/**
 * Visits XᵀX (X: rows × items) one item row at a time, row by row of the transpose (Gustavson's
 * sparse product), so memory stays O(nnz + n) and time O(Σ row lengths²), whatever the
 * catalogue's size; nothing n × n is ever built. Rows longer than `maxRowLength` (bulk buyers,
 * bulk baskets) are skipped: they say little about affinity and cost their length squared.
 */
export function forEachGramRow(rows: CustomerItemRows, n: number, maxRowLength: number, visit: (row: GramRow) => void): void {
  const columns = transpose(rows, n);
  const row: GramRow = { item: 0, touched: new Int32Array(n), size: 0, values: new Float64Array(n), counts: new Uint32Array(n) };
  for (let i = 0; i < n; i++) {
    row.item = i;
    row.size = 0;
    for (let c = columns.offsets[i]; c < columns.offsets[i + 1]; c++) {
      const r = columns.rows[c];
      const start = rows.offsets[r];
      const end = rows.offsets[r + 1];
      if (end - start > maxRowLength) continue;
      const wi = columns.weights[c];
      for (let a = start; a < end; a++) {
        const j = rows.items[a];
        if (j === i) continue;
        if (row.counts[j] === 0) row.touched[row.size++] = j;
        row.counts[j]++;
        row.values[j] += wi * rows.weights[a];
      }
    }
    visit(row);
    for (let t = 0; t < row.size; t++) {
      const j = row.touched[t];
      row.counts[j] = 0;
      row.values[j] = 0;
    }
  }
}

/** Σ over rows of w², per item: the diagonal of XᵀX (rows of any length). */
export function gramDiagonal(rows: CustomerItemRows, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let a = 0; a < rows.items.length; a++) out[rows.items[a]] += rows.weights[a] * rows.weights[a];
  return out;
}
