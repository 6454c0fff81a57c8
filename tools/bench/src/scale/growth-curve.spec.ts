import { curvePoints, formatCurve, growthSteps, nLogNExponent, perMillionEvents } from './growth-curve';
import type { ScaleFigures } from './scale-figures';

/** A run whose train takes `trainSeconds` and whose server holds `serverRssMb`; nothing else ran. */
function run(size: string, products: number, events: number, trainSeconds: number, serverRssMb?: number): ScaleFigures {
  return {
    size,
    counts: { products, customers: products * 4, events },
    startedAt: '2025-01-01T00:00:00Z',
    commit: null,
    shop: { reused: true, seconds: 0, megabytes: 0 },
    train: { seconds: trainSeconds, fitSeconds: null, peakRssMb: null, backend: null, version: 'v1', counts: {}, artifactMb: 0 },
    ...(serverRssMb === undefined
      ? {}
      : {
          server: {
            loadSeconds: 1,
            rssMb: serverRssMb,
            peakRssMb: serverRssMb,
            recommendations: { count: 1, failures: 0, p50Ms: 1, p99Ms: 1, maxMs: 1, cpuMsPerCall: null, modelShare: 1 },
            similar: { count: 1, failures: 0, p50Ms: 1, p99Ms: 1, maxMs: 1, cpuMsPerCall: null },
            search: { count: 1, failures: 0, p50Ms: 1, p99Ms: 1, maxMs: 1, cpuMsPerCall: null, firstMs: 1 },
            loadAverage1m: 0,
          },
        }),
  };
}

describe('growth between shop sizes', () => {
  it('gives n log n an exponent a little above 1, and 1 for n log n itself', () => {
    const e = nLogNExponent(5_000, 30_000);
    expect(e).toBeGreaterThan(1.05);
    expect(e).toBeLessThan(1.15);
    const nLogN = (n: number) => n * Math.log(n);
    const [point] = growthSteps(curvePoints([run('S', 5_000, 500_000, nLogN(5_000)), run('M', 30_000, 3_000_000, nLogN(30_000))]));
    expect(point.productExponent).toBeCloseTo(e, 6);
    expect(point.fasterThanNLogN).toBe(false);
  });

  it('flags a stage that grows with the square of the products, not one that grows linearly', () => {
    const runs = [run('M', 30_000, 3_000_000, 36 * 10, 300), run('S', 5_000, 500_000, 10, 50), run('L', 100_000, 10_000_000, 36 * 10 * (10 / 3) ** 2, 1_000)];
    const steps = growthSteps(curvePoints(runs));
    const train = steps.filter((s) => s.metric === 'trainSeconds');
    expect(train.map((s) => `${s.from}->${s.to}`)).toEqual(['S->M', 'M->L']);
    expect(train.every((s) => Math.abs(s.productExponent - 2) < 1e-9 && s.fasterThanNLogN)).toBe(true);
    const server = steps.filter((s) => s.metric === 'serverRssMb');
    expect(server.every((s) => Math.abs(s.productExponent - 1) < 1e-9 && !s.fasterThanNLogN)).toBe(true);
  });

  it('leaves out stages a size did not measure', () => {
    const steps = growthSteps(curvePoints([run('S', 5_000, 500_000, 10, 50), run('M', 30_000, 3_000_000, 60)]));
    expect(steps.map((s) => s.metric)).toEqual(['trainSeconds']);
  });

  it('prints each stage per size and per million events, and marks what grows too fast', () => {
    const points = curvePoints([run('S', 5_000, 500_000, 10), run('M', 30_000, 3_000_000, 360)]);
    const lines = formatCurve(points, growthSteps(points));
    const train = lines.find((l) => l.startsWith('train '));
    expect(train).toContain('10.0 s (20.0 s/M)');
    expect(train).toContain('360 s (120 s/M)');
    expect(train).toContain('2.00!/');
    expect(lines.at(-1)).toMatch(/faster than n log n/);
    expect(perMillionEvents(30, 3_000_000)).toBe(10);
  });
});
