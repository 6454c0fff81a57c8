import { LABELLED_QUERIES, type LabelledQuery } from './__fixtures__/labelled-queries';
import { openSearchFixture, type SearchFixture } from './__fixtures__/search-fixture';
import type { SearchIndex } from './search-index/search-index';

// Floors sit a little below what the index reaches (0.98 both ways when written), so a
// regression fails the build but harmless reordering does not.
const MRR_FLOOR = 0.9;

async function reciprocalRank(index: SearchIndex, q: LabelledQuery): Promise<number> {
  const page = await index.search({ text: q.query, minPrice: q.minPrice, maxPrice: q.maxPrice, limit: 10, offset: 0 });
  const rank = page.hits.findIndex((h) => q.relevant.includes(h.product.id));
  return rank < 0 ? 0 : 1 / (rank + 1);
}

async function meanReciprocalRank(index: SearchIndex): Promise<{ mrr: number; byKind: Record<string, number>; misses: string[] }> {
  const sums: Record<string, { sum: number; n: number }> = {};
  const misses: string[] = [];
  let total = 0;
  for (const q of LABELLED_QUERIES) {
    const rr = await reciprocalRank(index, q);
    total += rr;
    const s = (sums[q.kind] ??= { sum: 0, n: 0 });
    s.sum += rr;
    s.n++;
    if (rr < 1) misses.push(`${q.query} (rr ${rr.toFixed(2)})`);
  }
  const byKind = Object.fromEntries(Object.entries(sums).map(([k, s]) => [k, Math.round((s.sum / s.n) * 1000) / 1000]));
  return { mrr: total / LABELLED_QUERIES.length, byKind, misses };
}

describe('relevance on the labelled sample queries', () => {
  let lexicalOnly: SearchFixture;
  let fused: SearchFixture;

  beforeAll(async () => {
    [lexicalOnly, fused] = await Promise.all([openSearchFixture({ vectors: false }), openSearchFixture()]);
  });
  afterAll(async () => {
    await Promise.all([lexicalOnly.close(), fused.close()]);
  });

  it('has at least 30 labelled queries of every kind', () => {
    expect(LABELLED_QUERIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(LABELLED_QUERIES.map((q) => q.kind)).size).toBe(8);
  });

  it(`keeps the mean reciprocal rank at or above ${MRR_FLOOR}, lexical only and fused`, async () => {
    const lexical = await meanReciprocalRank(lexicalOnly.index);
    const hybrid = await meanReciprocalRank(fused.index);
    console.log(
      `search MRR over ${LABELLED_QUERIES.length} labelled queries: lexical ${lexical.mrr.toFixed(3)}, fused ${hybrid.mrr.toFixed(3)}\n` +
        `fused by kind: ${JSON.stringify(hybrid.byKind)}\nfused below rank 1: ${hybrid.misses.join('; ') || 'none'}`,
    );
    expect(lexical.mrr).toBeGreaterThanOrEqual(MRR_FLOOR);
    expect(hybrid.mrr).toBeGreaterThanOrEqual(MRR_FLOOR);
  });
});
