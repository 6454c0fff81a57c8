import { SEGMENT_NAMES } from '@reco/base-tools';
import type { CustomerAggregate } from '@reco/data';
import { quintileCuts, scoreHigherBetter, scoreLowerBetter, scoreRfm, SEGMENT_RULES, segmentFor } from './rfm-segmenter';

const REFERENCE = new Date('2011-12-09T12:50:00Z');
const daysAgo = (days: number) => new Date(REFERENCE.getTime() - days * 86_400_000);

function aggregate(customerId: string, orders: number, recencyDays: number, purchaseValue: number, returnValue = 0): CustomerAggregate {
  const last = daysAgo(recencyDays);
  return {
    customerId,
    orders,
    firstPurchaseAt: orders ? daysAgo(recencyDays + 30) : null,
    lastPurchaseAt: orders ? last : null,
    lastOrderAt: last,
    purchaseValue,
    returnValue,
    returnLines: returnValue ? 1 : 0,
    units: orders * 10,
    distinctProducts: orders * 3,
  };
}

describe('RFM segment grid', () => {
  it('maps every (R, F) pair to exactly one segment, using every segment name', () => {
    const used = new Set<string>();
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const matches = SEGMENT_RULES.filter((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]);
        expect(matches.map((m) => m.segment)).toHaveLength(1);
        used.add(segmentFor(r, f).segment);
      }
    }
    expect([...used].sort()).toEqual([...SEGMENT_NAMES].sort());
  });

  it('follows the documented corners of the grid', () => {
    expect(segmentFor(5, 5).segment).toBe('champions');
    expect(segmentFor(4, 4).segment).toBe('champions');
    expect(segmentFor(3, 5).segment).toBe('loyal');
    expect(segmentFor(5, 1).segment).toBe('new_customers');
    expect(segmentFor(4, 1).segment).toBe('promising');
    expect(segmentFor(5, 2).segment).toBe('potential_loyalists');
    expect(segmentFor(3, 2).segment).toBe('need_attention');
    expect(segmentFor(1, 5).segment).toBe('cannot_lose');
    expect(segmentFor(2, 3).segment).toBe('at_risk');
    expect(segmentFor(2, 1).segment).toBe('hibernating');
    expect(segmentFor(1, 1).segment).toBe('lost');
    expect(() => segmentFor(0, 3)).toThrow(/no segment rule/);
  });
});

describe('quintile scores', () => {
  it('cuts at the 20/40/60/80th percentiles and keeps ties together', () => {
    expect(quintileCuts([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([2, 4, 6, 8]);
    expect(quintileCuts([])).toEqual([0, 0, 0, 0]);
    const cuts = quintileCuts([1, 1, 1, 1, 1, 1, 2, 2, 3, 9]);
    expect(cuts).toEqual([1, 1, 1, 2]);
    expect(scoreHigherBetter(1, cuts)).toBe(1);
    expect(scoreHigherBetter(2, cuts)).toBe(4);
    expect(scoreHigherBetter(9, cuts)).toBe(5);
    // Recency: fewer days is better.
    expect(scoreLowerBetter(0, [5, 10, 20, 40])).toBe(5);
    expect(scoreLowerBetter(10, [5, 10, 20, 40])).toBe(4);
    expect(scoreLowerBetter(300, [5, 10, 20, 40])).toBe(1);
  });

  it('scores customers against the reference date, not today, and gives non-buyers the lowest scores', () => {
    const aggregates = [
      ...Array.from({ length: 10 }, (_, i) => aggregate(`c${i}`, i + 1, 10 * (10 - i), 100 * (i + 1))),
      aggregate('returns-only', 0, 3, 0, 50),
    ];
    const { rows, cuts } = scoreRfm(aggregates, REFERENCE);
    const byId = new Map(rows.map((r) => [r.customerId, r]));
    expect(cuts.frequency).toEqual([2, 4, 6, 8]);
    expect(byId.get('c9')).toMatchObject({ recencyDays: 10, frequency: 10, monetary: 1000, averageBasket: 100, r: 5, f: 5, m: 5, segment: 'champions' });
    expect(byId.get('c0')).toMatchObject({ recencyDays: 100, frequency: 1, r: 1, f: 1, m: 1, segment: 'lost' });
    expect(byId.get('returns-only')).toMatchObject({ recencyDays: 3, frequency: 0, monetary: -50, averageBasket: 0, r: 1, f: 1, m: 1, segment: 'lost' });
  });

  it('uses net spend (purchases minus returns) as monetary', () => {
    const { rows } = scoreRfm([aggregate('a', 2, 1, 120.5, 20.25)], REFERENCE);
    expect(rows[0]).toMatchObject({ monetary: 100.25, averageBasket: 60.25 });
  });
});
