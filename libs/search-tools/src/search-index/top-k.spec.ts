import { TopK } from './top-k';

describe('TopK', () => {
  it('keeps the k best pairs, best first, whatever the order they come in', () => {
    const scores = [0.3, 0.9, 0.1, 0.7, 0.5, 0.8, 0.2];
    const best = new TopK(3);
    scores.forEach((score, doc) => best.offer(doc, score));
    expect(best.sorted()).toEqual([
      { doc: 1, score: 0.9 },
      { doc: 5, score: 0.8 },
      { doc: 3, score: 0.7 },
    ]);
  });

  it('breaks ties by the lower doc, also when the tie decides who stays', () => {
    const best = new TopK(2);
    for (const doc of [4, 2, 7, 1]) best.offer(doc, 1);
    expect(best.sorted()).toEqual([
      { doc: 1, score: 1 },
      { doc: 2, score: 1 },
    ]);
  });

  it('holds nothing when k is 0, and everything when k exceeds the offers', () => {
    const none = new TopK(0);
    none.offer(0, 1);
    expect(none.sorted()).toEqual([]);
    const all = new TopK(10);
    all.offer(0, 1);
    all.offer(1, 2);
    expect(all.sorted().map((h) => h.doc)).toEqual([1, 0]);
  });
});
