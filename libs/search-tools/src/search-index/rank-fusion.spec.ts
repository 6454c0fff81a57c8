import { maxFusedScore, reciprocalRankFusion } from './rank-fusion';

describe('reciprocal rank fusion', () => {
  it('adds weight / (k + rank) over the lists a document appears in', () => {
    const scores = reciprocalRankFusion(
      [
        { ids: [1, 2, 3], weight: 1 },
        { ids: [3, 4], weight: 0.5 },
      ],
      60,
    );
    expect(scores.get(1)).toBeCloseTo(1 / 61);
    expect(scores.get(3)).toBeCloseTo(1 / 63 + 0.5 / 61);
    expect(scores.get(4)).toBeCloseTo(0.5 / 62);
    expect(maxFusedScore([{ ids: [], weight: 1 }, { ids: [], weight: 0.5 }], 60)).toBeCloseTo(1.5 / 61);
  });

  it('ranks a lexical top-60 hit above any vector-only hit with the default weights', () => {
    const scores = reciprocalRankFusion([
      { ids: Array.from({ length: 60 }, (_, i) => i), weight: 1 },
      { ids: [1000], weight: 0.5 },
    ]);
    expect(scores.get(59)).toBeGreaterThan(scores.get(1000) as number);
  });
});
