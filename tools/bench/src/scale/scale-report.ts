import { round } from '../stats';
import { curvePoints, formatCurve, growthSteps, type GrowthStep } from './growth-curve';
import type { ScaleFigures } from './scale-figures';
import { checkTargets, L_TARGETS, type TargetReport } from './scale-targets';

/** One size in the last JSON line: the figures the issue asks for, flat, and its pass. */
export function sizeSummary(run: ScaleFigures, report: TargetReport) {
  return {
    products: run.counts.products,
    customers: run.counts.customers,
    events: run.counts.events,
    measuredAt: run.startedAt,
    commit: run.commit,
    node: run.node ?? null,
    importSeconds: run.sqlite?.seconds ?? null,
    importRowsPerSecond: run.sqlite?.rowsPerSecond ?? null,
    importPostgresSeconds: run.postgres?.seconds ?? null,
    importPostgresRowsPerSecond: run.postgres?.rowsPerSecond ?? null,
    trainSeconds: run.train?.seconds ?? null,
    trainPeakRssMb: run.train?.peakRssMb ?? null,
    artifactMb: run.train?.artifactMb ?? null,
    serverRssMb: run.server?.rssMb ?? null,
    recommendationsP50Ms: run.server?.recommendations.p50Ms ?? null,
    recommendationsP99Ms: run.server?.recommendations.p99Ms ?? null,
    recommendationsCustomers: run.server?.recommendations.count ?? null,
    similarP99Ms: run.server?.similar.p99Ms ?? null,
    searchP99Ms: run.server?.search.p99Ms ?? null,
    failed: run.failed ?? null,
    pass: report.pass,
  };
}

export interface ScaleReport {
  /** The curve as printed lines, for a person. */
  lines: string[];
  growth: { metric: string; from: string; to: string; exponent: number; nLogN: number; fasterThanNLogN: boolean }[];
  sizes: Record<string, ReturnType<typeof sizeSummary>>;
  reports: Record<string, TargetReport>;
}

const compactStep = (s: GrowthStep) => ({
  metric: s.metric,
  from: s.from,
  to: s.to,
  exponent: round(s.productExponent, 3),
  nLogN: round(s.nLogNExponent, 3),
  fasterThanNLogN: s.fasterThanNLogN,
});

/** Every stored size (this run's included) against the targets, and the growth between them. */
export function scaleReport(runs: readonly ScaleFigures[]): ScaleReport {
  const points = curvePoints(runs);
  const steps = growthSteps(points);
  const sizes: ScaleReport['sizes'] = {};
  const reports: ScaleReport['reports'] = {};
  for (const run of [...runs].sort((a, b) => a.counts.products - b.counts.products)) {
    reports[run.size] = checkTargets(run, steps);
    sizes[run.size] = sizeSummary(run, reports[run.size]);
  }
  const lines = [...formatCurve(points, steps), `targets at L: ${JSON.stringify(L_TARGETS)}`];
  return { lines, growth: steps.map(compactStep), sizes, reports };
}
