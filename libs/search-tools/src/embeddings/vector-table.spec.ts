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
