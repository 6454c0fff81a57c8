import { DAY_MS, type Interaction } from '../model/interaction';
import { evaluateRanker } from './evaluate-ranker';
import { ndcgAtK, recallAtK } from './ranking-metrics';
import { evaluationCases, temporalSplit } from './temporal-split';

const cutoff = Date.parse('2011-10-09T00:00:00Z');
const at = (days: number) => cutoff + days * DAY_MS;
const row = (customerId: string, productId: string, time: number): Interaction => ({ customerId, productId, quantity: 1, time });

describe('evaluation protocol', () => {
  const rows = [
    row('a', 'p1', at(-5)),
    row('a', 'p1', at(3)),
    row('a', 'p2', at(30.5)), // last day of the window counts
    row('a', 'p9', at(2)), // never sold before the cut-off: not in any truth
    row('b', 'p2', at(-1)),
    row('b', 'p2', at(4)), // only a repeat: in "all", not in "new"
    row('c', 'p1', at(5)), // no history: not evaluated
    row('a', 'p3', at(31.5)), // after the window
  ];
  const split = temporalSplit(rows, { cutoff, days: 30 });

  it('splits by time and builds the truth per mode', () => {
    expect(split.train).toHaveLength(2);
    expect(split.test).toHaveLength(5);
    const all = evaluationCases(split, 'all');
    expect(all.map((c) => [c.customerId, [...c.truth].sort()])).toEqual([
      ['a', ['p1', 'p2']],
      ['b', ['p2']],
    ]);
    const fresh = evaluationCases(split, 'new');
    expect(fresh.map((c) => [c.customerId, [...c.truth]])).toEqual([['a', ['p2']]]);
  });

  it('computes Recall@K as hits/|truth| and NDCG@K with binary relevance', () => {
    const truth = new Set(['x', 'y']);
    expect(recallAtK(['x', 'q'], truth, 2)).toBe(0.5);
    expect(recallAtK(['q', 'x', 'y'], truth, 1)).toBe(0);
    expect(ndcgAtK(['x', 'y'], truth, 2)).toBeCloseTo(1);
    expect(ndcgAtK(['q', 'x'], truth, 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)));
  });

  it('passes the history as exclusions in "new" mode', () => {
    const seen: string[][] = [];
    const result = evaluateRanker((_c, _k, exclude) => (seen.push([...exclude]), ['p2']), evaluationCases(split, 'new'), 'new', 20);
    expect(seen).toEqual([['p1']]);
    expect(result).toEqual({ mode: 'new', k: 20, customers: 1, recall: 1, ndcg: 1 });
  });
});
