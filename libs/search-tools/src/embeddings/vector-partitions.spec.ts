import { VectorPartitions } from './vector-partitions';
import { VectorTable, type VectorBlock } from './vector-table';

function randomTable(rows: number, d: number, seed: number): VectorTable {
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) - 0.5;
  // Clustered data, as product vectors are: 40 topics plus noise.
  const topics = Array.from({ length: 40 }, () => Array.from({ length: d }, random));
  return VectorTable.fromRows(
    Array.from({ length: rows }, (_, i) => topics[i % 40].map((v) => v + 0.3 * random())),
    d,
  );
}

describe('VectorPartitions', () => {
  const table = randomTable(20_000, 16, 3);
  const partitions = VectorPartitions.build(table);

  const rowsOf = (blocks: VectorBlock[]) => blocks.flatMap((b) => Array.from(b.rows));

  it('assigns every row to exactly one cluster, with its own vector beside it', () => {
    const blocks = partitions.blocks(table.row(0), table.size);
    const all = rowsOf(blocks);
    expect(all.length).toBe(table.size);
    expect(new Set(all).size).toBe(table.size);
    for (const { rows, vectors } of blocks.slice(0, 3)) {
      rows.forEach((r, k) => expect(Array.from(vectors?.subarray(k * 16, (k + 1) * 16) ?? [])).toEqual(Array.from(table.row(r))));
    }
  });

  it('scans a small share of rows and still finds most of the exact top 50', () => {
    let recall = 0;
    const queries = [1, 77, 512, 4_000, 9_999];
    for (const q of queries) {
      const blocks = partitions.blocks(table.row(q), table.size / 16);
      expect(rowsOf(blocks).length).toBeLessThan(table.size / 8);
      const exact = new Set(table.nearest(table.row(q), 50).map((n) => n.row));
      const approx = table.nearest(table.row(q), 50, undefined, blocks);
      recall += approx.filter((n) => exact.has(n.row)).length / 50;
    }
    expect(recall / queries.length).toBeGreaterThan(0.9);
  });
});
