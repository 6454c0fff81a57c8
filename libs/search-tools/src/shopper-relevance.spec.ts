import { openSearchFixture, type SearchFixture } from './__fixtures__/search-fixture';
import type { SearchIndex } from './search-index/search-index';
import { scoreRelevance, type RelevanceScore } from './testing/relevance-score';
import { SHOPPER_QUERIES, SHOPPER_QUERY_KINDS } from './testing/shopper-queries';

// Issue 19's bar for what shoppers type: MRR@10 at least 0.97, lexical only and fused.
const MRR_FLOOR = 0.97;

function score(index: SearchIndex): Promise<RelevanceScore> {
  return scoreRelevance(SHOPPER_QUERIES, async (q) => (await index.search({ text: q.query, limit: 10, offset: 0 })).hits.map((h) => h.product.id));
}

describe('relevance on the shopper-style labelled queries', () => {
  let lexicalOnly: SearchFixture;
  let fused: SearchFixture;

  beforeAll(async () => {
    [lexicalOnly, fused] = await Promise.all([openSearchFixture({ vectors: false }), openSearchFixture()]);
  });
  afterAll(async () => {
    await Promise.all([lexicalOnly.close(), fused.close()]);
  });

  it('has at least 150 queries, at least 15 of every kind', () => {
    expect(SHOPPER_QUERIES.length).toBeGreaterThanOrEqual(150);
    for (const kind of SHOPPER_QUERY_KINDS) expect(SHOPPER_QUERIES.filter((q) => q.kind === kind).length).toBeGreaterThanOrEqual(15);
  });

  it('labels only products the sample holds', async () => {
    const known = new Set((await lexicalOnly.products.findAll({ recommendableOnly: true })).map((p) => p.id));
    expect(SHOPPER_QUERIES.flatMap((q) => q.relevant).filter((id) => !known.has(id))).toEqual([]);
  });

  it(`keeps MRR@10 at or above ${MRR_FLOOR}, lexical only and fused`, async () => {
    const lexical = await score(lexicalOnly.index);
    const hybrid = await score(fused.index);
    console.log(
      `shopper search MRR@10 over ${SHOPPER_QUERIES.length} queries: lexical ${lexical.mrr.toFixed(3)}, fused ${hybrid.mrr.toFixed(3)}\n` +
        `lexical by kind: ${JSON.stringify(lexical.byKind)}\nfused by kind: ${JSON.stringify(hybrid.byKind)}\n` +
        `fused below rank 1: ${hybrid.misses.join('; ') || 'none'}`,
    );
    expect(lexical.mrr).toBeGreaterThanOrEqual(MRR_FLOOR);
    expect(hybrid.mrr).toBeGreaterThanOrEqual(MRR_FLOOR);
  });
});
