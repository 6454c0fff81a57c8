import { curvePoints, growthSteps } from './growth-curve';
import type { ScaleFigures } from './scale-figures';
import { checkTargets, L_TARGETS } from './scale-targets';

type CompleteRun = ScaleFigures & Required<Pick<ScaleFigures, 'sqlite' | 'train' | 'server'>>;

/** A complete run whose figures sit exactly on the L targets, optionally changed. */
function run(size: string, products: number, change: (f: CompleteRun) => void = () => undefined): CompleteRun {
  const latency = { count: 2_000, failures: 0, p50Ms: 1, maxMs: 30, cpuMsPerCall: null };
  const imported = { seconds: L_TARGETS.importSeconds, rowsPerSecond: 1, importerSeconds: 1, afterImportSeconds: 1, peakRssMb: 1, byKind: {} };
  const figures: CompleteRun = {
    size,
    counts: { products, customers: products * 10, events: products * 100 },
    startedAt: '2025-01-01T00:00:00Z',
    commit: null,
    shop: { reused: true, seconds: 0, megabytes: 0 },
    sqlite: imported,
    train: { seconds: L_TARGETS.trainSeconds, fitSeconds: 1, peakRssMb: L_TARGETS.trainPeakRssMb, backend: 'wasm', version: 'v1', counts: {}, artifactMb: 1 },
    server: {
      loadSeconds: 1,
      rssMb: L_TARGETS.serverRssMb,
      peakRssMb: L_TARGETS.serverRssMb,
      recommendations: { ...latency, p99Ms: L_TARGETS.recommendationsP99Ms, modelShare: 1 },
      similar: { ...latency, p99Ms: L_TARGETS.similarP99Ms },
      search: { ...latency, p99Ms: L_TARGETS.searchP99Ms, firstMs: 1 },
      loadAverage1m: 0,
    },
  };
  change(figures);
  return figures;
}

describe('the L targets', () => {
  it('pass at L when every figure is at its target', () => {
    const report = checkTargets(run('L', 100_000), []);
    expect(report.targetsMet).toBe(true);
    expect(report.pass).toBe(true);
  });

  it('fail at L when one figure is over, and name it', () => {
    const report = checkTargets(run('L', 100_000, (f) => (f.server.similar.p99Ms = 5.1)), []);
    expect(report.pass).toBe(false);
    expect(Object.entries(report.checks).filter(([, c]) => !c.met).map(([name]) => name)).toEqual(['similarP99Ms']);
  });

  it('check PostgreSQL import only when it ran', () => {
    expect(checkTargets(run('L', 100_000), []).checks['importPostgresSeconds']).toBeUndefined();
    const slow = run('L', 100_000, (f) => (f.postgres = { ...f.sqlite, seconds: 601 }));
    expect(checkTargets(slow, []).checks['importPostgresSeconds']).toEqual({ value: 601, target: 600, met: false });
  });

  it('are informational at S and M: pass means every stage ran and every request was answered', () => {
    const slow = run('S', 5_000, (f) => (f.train.seconds = 10_000));
    expect(checkTargets(slow, []).pass).toBe(true);
    const failedRequests = run('S', 5_000, (f) => (f.server.recommendations.failures = 3));
    expect(checkTargets(failedRequests, []).pass).toBe(false);
    const broken: ScaleFigures = { ...run('M', 30_000), server: undefined, failed: { stage: 'train', message: 'Aborted()' } };
    const report = checkTargets(broken, []);
    expect(report.pass).toBe(false);
    expect(report.checks['serverRssMb']).toEqual({ value: null, target: L_TARGETS.serverRssMb, met: false });
  });

  it('fail at L when a stage grew faster than n log n on the way there', () => {
    const m = run('M', 30_000, (f) => (f.train.seconds = 100));
    const l = run('L', 100_000, (f) => (f.train.seconds = 100 * (10 / 3) ** 2));
    const report = checkTargets(l, growthSteps(curvePoints([m, l])));
    expect(report.fasterThanNLogN).toEqual(['trainSeconds M->L']);
    expect(report.pass).toBe(false);
  });
});
