import type { Estimate } from './experiment-report.types';

// The frequentist statistics of an experiment report, at 95% confidence (two-sided) and, for
// planning, 90% power (R's prop.test/power.prop.test). Many tools plan at 80%; at 90% a shop
// that waits for the planned size misses a real difference of that size one time in ten, not one
// in five, and the benchmark's "better arm called in at least 80% of runs" holds with a margin
// instead of by construction.

/** The standard normal quantile of 0.975: a two-sided 95% interval or a test at alpha = 0.05. */
export const Z_95 = 1.959963984540054;
/** The standard normal quantile of 0.90: 90% power. */
export const Z_POWER_90 = 1.2815515655446004;

/**
 * The complementary error function, by the Chebyshev fit of Numerical Recipes (2nd ed., 6.2,
 * `erfcc`): relative error below 1.2e-7 for every x, so even tiny p-values keep their digits.
 * No maintained normal-distribution package is installed; this formula is the standard one.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function requireCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${field}: must be a whole number >= 0 (got ${value})`);
}

function requireRate(field: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${field}: must be a rate between 0 and 1 (got ${value})`);
}

/**
 * The share successes/trials with its Wilson score interval at 95%: unlike the plain normal
 * interval it stays inside [0, 1] and keeps its coverage at small rates such as click-through
 * rates. No trials: value and bounds 0 (nothing measured yet, drawn as nothing).
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Estimate {
  requireCount('successes', successes);
  requireCount('trials', trials);
  if (successes > trials) throw new RangeError(`successes: must not exceed trials (${successes} > ${trials})`);
  if (trials === 0) return { value: 0, low: 0, high: 0 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ProportionTest {
  /** (rate b − rate a) over its standard error under "no difference". */
  z: number;
  /** Two-sided. */
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled rate (R's prop.test without continuity correction; its
 * chi-squared equals z²): is rate b different from rate a? No data on a side, or no variation at
 * all (both 0% or both 100%): z 0 and p-value 1, since nothing tells the arms apart.
 */
export function twoProportionZTest(successesA: number, trialsA: number, successesB: number, trialsB: number): ProportionTest {
  requireCount('successesA', successesA);
  requireCount('trialsA', trialsA);
  requireCount('successesB', successesB);
  requireCount('trialsB', trialsB);
  if (successesA > trialsA) throw new RangeError(`successesA: must not exceed trialsA (${successesA} > ${trialsA})`);
  if (successesB > trialsB) throw new RangeError(`successesB: must not exceed trialsB (${successesB} > ${trialsB})`);
  if (trialsA === 0 || trialsB === 0) return { z: 0, pValue: 1 };
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (standardError === 0) return { z: 0, pValue: 1 };
  const z = (successesB / trialsB - successesA / trialsA) / standardError;
  return { z, pValue: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

/**
 * The mean of `count` observations of which `values` are the non-zero ones (the rest were 0,
 * e.g. shoppers who bought nothing), with its normal 95% interval: mean ± 1.96 · s/√n, s the
 * sample standard deviation. Fewer than two observations: no spread to measure, the bounds equal
 * the mean. The bounds are not clipped: a negative low says the data cannot yet rule out zero.
 */
export function meanInterval(values: readonly number[], count: number = values.length, z = Z_95): Estimate {
  requireCount('count', count);
  if (count < values.length) throw new RangeError(`count: must be at least the number of values (${count} < ${values.length})`);
  let sum = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`values: must be finite numbers (got ${value})`);
    sum += value;
  }
  if (count === 0) return { value: 0, low: 0, high: 0 };
  const mean = sum / count;
  if (count < 2) return { value: mean, low: mean, high: mean };
  // Deviations summed directly (the zeros together) rather than sum of squares minus n·mean²,
  // which loses digits when the spread is small next to the mean.
  let squares = (count - values.length) * mean * mean;
  for (const value of values) squares += (value - mean) ** 2;
  const half = z * Math.sqrt(squares / (count - 1) / count);
  return { value: mean, low: mean - half, high: mean + half };
}

/**
 * Exposures each of two arms needs so that a two-sided test at 95% confidence detects the
 * difference between `rateA` and `rateB` with 90% power (Fleiss' formula, as R's
 * power.prop.test): n = (z₉₅·√(2·p̄·q̄) + z₉₀·√(pa·qa + pb·qb))² / (pa − pb)², rounded up.
 * Equal rates: no sample size detects no difference (null).
 */
export function plannedExposuresPerArm(rateA: number, rateB: number): number | null {
  requireRate('rateA', rateA);
  requireRate('rateB', rateB);
  const difference = rateA - rateB;
  if (difference === 0) return null;
  const mean = (rateA + rateB) / 2;
  const root = Z_95 * Math.sqrt(2 * mean * (1 - mean)) + Z_POWER_90 * Math.sqrt(rateA * (1 - rateA) + rateB * (1 - rateB));
  return Math.ceil((root * root) / (difference * difference));
}
