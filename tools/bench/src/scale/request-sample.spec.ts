import { split, spread } from './request-sample';

describe('picking the requests', () => {
  it('spreads a sample evenly over the list, or takes all of a short one', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i);
    expect(spread(ids, 4)).toEqual([12, 37, 62, 87]);
    expect(spread(ids.slice(0, 3), 4)).toEqual([0, 1, 2]);
  });

  it('splits off a disjoint warm-up set of the asked size', () => {
    const ids = Array.from({ length: 2_200 }, (_, i) => `c${i}`);
    const [measured, warmup] = split(ids, 200);
    expect(measured).toHaveLength(2_000);
    expect(warmup).toHaveLength(200);
    expect(new Set([...measured, ...warmup]).size).toBe(2_200);
  });
});
