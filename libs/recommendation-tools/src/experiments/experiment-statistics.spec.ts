import { meanInterval, normalCdf, plannedExposuresPerArm, twoProportionZTest, wilsonInterval } from './experiment-statistics';

describe('normalCdf', () => {
  // Reference values: the standard normal distribution to 16 digits (e.g. R's pnorm).
  it.each([
    [0, 0.5],
    [1.96, 0.9750021048517795],
    [1.6448536269514722, 0.95],
    [-1, 0.15865525393145707],
    [-3, 0.0013498980316301],
    [-6, 9.865876450377e-10],
  ])('P(Z <= %d) = %d to within 1.2e-7 relative', (z, expected) => {
    expect(Math.abs(normalCdf(z) - expected) / expected).toBeLessThan(1.2e-7);
  });
});

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%d of %d: %d to %d', (successes, trials, low, high) => {
    const estimate = wilsonInterval(successes, trials);
    expect(estimate.value).toBeCloseTo(successes / trials, 12);
    expect(estimate.low).toBeCloseTo(low, 4);
    expect(estimate.high).toBeCloseTo(high, 4);
  });

  it('stays within [0, 1] at the edges and is all zeros without trials', () => {
    expect(wilsonInterval(20, 20).high).toBe(1);
    expect(wilsonInterval(20, 20).low).toBeCloseTo(0.8389, 4);
    expect(wilsonInterval(0, 0)).toEqual({ value: 0, low: 0, high: 0 });
  });

  it('refuses impossible counts, naming the field', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(/successes: must not exceed trials/);
    expect(() => wilsonInterval(-1, 4)).toThrow(/successes: must be a whole number/);
    expect(() => wilsonInterval(1, 2.5)).toThrow(/trials: must be a whole number/);
  });
});

describe('twoProportionZTest', () => {
  it('45/100 against 60/100: z 2.124, p 0.0337 (R: prop.test(c(45, 60), c(100, 100), correct = FALSE), X² 4.5113)', () => {
    const test = twoProportionZTest(45, 100, 60, 100);
    expect(test.z).toBeCloseTo(2.12398, 4);
    expect(test.z ** 2).toBeCloseTo(4.5113, 3);
    expect(test.pValue).toBeCloseTo(0.03367, 5);
  });

  it('is symmetric: swapping the arms flips z and keeps the p-value', () => {
    const forward = twoProportionZTest(500, 10_000, 600, 10_000);
    const backward = twoProportionZTest(600, 10_000, 500, 10_000);
    expect(backward.z).toBeCloseTo(-forward.z, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
    // 5% vs 6% over 10,000 each: pooled 5.5%, z = 0.01 / sqrt(0.055·0.945·2/10,000) = 3.1016, p = 2·(1 − Φ(3.1016)).
    expect(forward.z).toBeCloseTo(3.1016, 4);
    expect(forward.pValue).toBeCloseTo(0.001925, 6);
  });

  it('equal rates give p 1; no data or no variation cannot tell arms apart', () => {
    expect(twoProportionZTest(50, 1000, 50, 1000).pValue).toBeCloseTo(1, 6);
    expect(twoProportionZTest(0, 0, 5, 10)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(0, 10, 0, 20)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(10, 10, 20, 20)).toEqual({ z: 0, pValue: 1 });
  });

  it('refuses impossible counts, naming the field', () => {
    expect(() => twoProportionZTest(1, 2, 3, 2)).toThrow(/successesB: must not exceed trialsB/);
    expect(() => twoProportionZTest(1, -2, 1, 2)).toThrow(/trialsA: must be a whole number/);
  });
});

describe('meanInterval', () => {
  it('2, 4, 4, 4, 5, 5, 7, 9: mean 5, s = sqrt(32/7), 5 ± 1.96·s/sqrt(8)', () => {
    const half = 1.959963984540054 * Math.sqrt(32 / 7 / 8);
    const estimate = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(estimate.value).toBe(5);
    expect(estimate.low).toBeCloseTo(5 - half, 12);
    expect(estimate.high).toBeCloseTo(5 + half, 12);
    expect(half).toBeCloseTo(1.4816, 4);
  });

  it('counts the shoppers without a value as zeros', () => {
    // 3 and 5 among four shoppers: 0, 0, 3, 5 → mean 2, s² = (4 + 4 + 1 + 9) / 3 = 6.
    const estimate = meanInterval([3, 5], 4);
    expect(estimate.value).toBe(2);
    expect(estimate.high - estimate.value).toBeCloseTo(1.959963984540054 * Math.sqrt(6 / 4), 12);
    expect(meanInterval([0, 0, 3, 5])).toEqual(estimate);
  });

  it('no observations: zeros; one: no spread to measure', () => {
    expect(meanInterval([], 0)).toEqual({ value: 0, low: 0, high: 0 });
    expect(meanInterval([], 10)).toEqual({ value: 0, low: 0, high: 0 });
    expect(meanInterval([7], 1)).toEqual({ value: 7, low: 7, high: 7 });
  });

  it('refuses a count below the number of values and non-finite values', () => {
    expect(() => meanInterval([1, 2, 3], 2)).toThrow(/count: must be at least the number of values/);
    expect(() => meanInterval([Number.NaN], 3)).toThrow(/values: must be finite/);
  });
});

describe('plannedExposuresPerArm (95% confidence, 90% power)', () => {
  // R: power.prop.test(p1 = a, p2 = b, power = 0.9) gives n per group; rounded up here.
  it.each([
    [0.05, 0.06, 10921], // n = 10920.4
    [0.1, 0.15, 918], // n = 917.3
    [0.5, 0.75, 77], // n = 76.7
  ])('%d against %d: %d per arm', (a, b, expected) => {
    expect(plannedExposuresPerArm(a, b)).toBe(expected);
    expect(plannedExposuresPerArm(b, a)).toBe(expected);
  });

  it('needs more exposures for a smaller difference, and none can detect no difference', () => {
    expect(plannedExposuresPerArm(0.05, 0.055)).toBeGreaterThan((plannedExposuresPerArm(0.05, 0.06) ?? Infinity) * 3);
    expect(plannedExposuresPerArm(0.05, 0.05)).toBeNull();
  });

  it('refuses rates outside [0, 1]', () => {
    expect(() => plannedExposuresPerArm(1.5, 0.2)).toThrow(/rateA: must be a rate between 0 and 1/);
    expect(() => plannedExposuresPerArm(0.2, Number.NaN)).toThrow(/rateB/);
  });
});
