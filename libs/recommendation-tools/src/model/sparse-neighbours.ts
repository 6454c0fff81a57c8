/** Top-`width` neighbours per item, row-major; unused slots hold index -1. */
export interface SparseNeighbours {
  width: number;
  index: Int32Array;
  weight: Float32Array;
}

/**
 * Keeps the `width` best (weight desc, then index asc) positive candidates of one row at a time
 * in a bounded min-heap, then writes them, best first, into a SparseNeighbours row: O(candidates
 * · log width) per row instead of sorting every candidate, and no per-row allocation.
 */
export class NeighbourSelector {
  private readonly heapIndex: Int32Array;
  private readonly heapWeight: Float32Array;
  private size = 0;

  constructor(readonly width: number) {
    this.heapIndex = new Int32Array(Math.max(1, width));
    this.heapWeight = new Float32Array(Math.max(1, width));
  }

  reset(): void {
    this.size = 0;
  }

  offer(j: number, weight: number): void {
    const w = Math.fround(weight); // compared as stored, so ties break the same way everywhere
    if (!(w > 0) || this.width === 0) return;
    if (this.size < this.width) {
      this.heapIndex[this.size] = j;
      this.heapWeight[this.size] = w;
      this.siftUp(this.size++);
    } else if (this.better(j, w, this.heapIndex[0], this.heapWeight[0])) {
      this.heapIndex[0] = j;
      this.heapWeight[0] = w;
      this.siftDown(0);
    }
  }

  /** Writes the kept candidates, best first, into row `i` of `out` (its unused slots stay -1). */
  writeRow(out: SparseNeighbours, i: number): void {
    const base = i * out.width;
    // Popping the min-heap yields worst first: fill the row from its end of the kept span.
    for (let slot = this.size - 1; slot >= 0; slot--) {
      out.index[base + slot] = this.heapIndex[0];
      out.weight[base + slot] = this.heapWeight[0];
      this.size--;
      if (this.size > 0) {
        this.heapIndex[0] = this.heapIndex[this.size];
        this.heapWeight[0] = this.heapWeight[this.size];
        this.siftDown(0);
      }
    }
  }

  private better(a: number, wa: number, b: number, wb: number): boolean {
    return wa > wb || (wa === wb && a < b);
  }

  private siftUp(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.better(this.heapIndex[parent], this.heapWeight[parent], this.heapIndex[at], this.heapWeight[at])) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  private siftDown(at: number): void {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < this.size && this.better(this.heapIndex[worst], this.heapWeight[worst], this.heapIndex[left], this.heapWeight[left])) worst = left;
      if (right < this.size && this.better(this.heapIndex[worst], this.heapWeight[worst], this.heapIndex[right], this.heapWeight[right])) worst = right;
      if (worst === at) return;
      this.swap(at, worst);
      at = worst;
    }
  }

  private swap(a: number, b: number): void {
    const i = this.heapIndex[a];
    const w = this.heapWeight[a];
    this.heapIndex[a] = this.heapIndex[b];
    this.heapWeight[a] = this.heapWeight[b];
    this.heapIndex[b] = i;
    this.heapWeight[b] = w;
  }
}

export function emptyNeighbours(n: number, width: number): SparseNeighbours {
  return { width, index: new Int32Array(n * width).fill(-1), weight: new Float32Array(n * width) };
}

/** Keeps the `width` largest positive entries of each row of a dense row-major matrix. */
export function topNeighbours(dense: Float32Array, n: number, width: number, skipDiagonal = true): SparseNeighbours {
  const out = emptyNeighbours(n, width);
  const selector = new NeighbourSelector(width);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    selector.reset();
    for (let j = 0; j < n; j++) if (!skipDiagonal || j !== i) selector.offer(j, dense[row + j]);
    selector.writeRow(out, i);
  }
  return out;
}
