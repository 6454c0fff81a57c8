import { VectorTable } from './vector-table';

describe('VectorTable', () => {
  const table = VectorTable.fromRows(
    [
      [1, 0, 0],
      [0.9, 0.1, 0],
      [0, 1, 0],
      [-1, 0, 0],
      [0, 0, 0],
    ],
    3,
  );

  it('returns the most similar rows first, never opposite or zero rows', () => {
    const near = table.nearest(Float32Array.from([2, 0, 0]), 10);
    expect(near.map((n) => n.row)).toEqual([0, 1]);
    expect(near[0].similarity).toBeCloseTo(1);
  });

  it('keeps only n rows and honours the filter', () => {
    expect(table.nearest(Float32Array.from([1, 1, 0]), 1).map((n) => n.row)).toEqual([1]);
    expect(table.nearest(Float32Array.from([1, 0, 0]), 5, (r) => r !== 0).map((n) => n.row)).toEqual([1]);
  });
});

describe('VectorTable.append', () => {
  it('adds normalised rows (zero when there is no vector) that every search sees', () => {
    const table = VectorTable.fromRows([[1, 0]], 2);
    expect(table.append([0, 3])).toBe(1);
    expect(table.append(undefined)).toBe(2);
    for (let i = 0; i < 40; i++) table.append([1, 1]);
    expect(table.size).toBe(43);
    expect(Array.from(table.row(1))).toEqual([0, 1]);
    expect(table.nearest(Float32Array.from([0, 1]), 1).map((n) => n.row)).toEqual([1]);
    expect(table.nearest(Float32Array.from([0, -1]), 5)).toEqual([]);
  });

  it('scans rows appended after the blocks were chosen', () => {
    const table = VectorTable.fromRows([[1, 0], [0.8, 0.2]], 2);
    table.append([0, 1]);
    // Row 1 is neither in a block nor appended: not scanned, though it is the nearest.
    const near = table.nearest(Float32Array.from([1, 1]), 3, undefined, [{ rows: Int32Array.from([0]) }], 2);
    expect(near.map((n) => n.row)).toEqual([0, 2]);
  });

  it("reads a block's own copy of its vectors when it has one", () => {
    const table = VectorTable.fromRows([[1, 0], [0, 1]], 2);
    // The copy says row 1 points along x: the scan must take the block's vector, not the table's.
    const near = table.nearest(Float32Array.from([1, 0]), 2, undefined, [{ rows: Int32Array.from([1, 0]), vectors: Float32Array.from([1, 0, 1, 0]) }]);
    expect(near.map((n) => n.row).sort()).toEqual([0, 1]);
    expect(near.every((n) => n.similarity > 0.99)).toBe(true);
  });
});
