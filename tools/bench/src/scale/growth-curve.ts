import type { ScaleFigures } from './scale-figures';

/** A stage figure that should grow no faster than n log n in products. */
interface StageMetric {
  key: string;
  label: string;
  unit: 's' | 'MB';
  of(figures: ScaleFigures): number | null | undefined;
}

export const STAGE_METRICS: readonly StageMetric[] = [
  { key: 'importSqliteSeconds', label: 'import SQLite', unit: 's', of: (f) => f.sqlite?.seconds },
  { key: 'importPostgresSeconds', label: 'import PostgreSQL', unit: 's', of: (f) => f.postgres?.seconds },
  { key: 'trainSeconds', label: 'train', unit: 's', of: (f) => f.train?.seconds },
  { key: 'trainPeakRssMb', label: 'train peak RSS', unit: 'MB', of: (f) => f.train?.peakRssMb },
  { key: 'artifactMb', label: 'model artifact', unit: 'MB', of: (f) => f.train?.artifactMb },
  { key: 'serverRssMb', label: 'server RSS', unit: 'MB', of: (f) => f.server?.rssMb },
];

/** How much faster than n log n a stage may seem to grow before it is flagged (timing noise, small sizes). */
export const GROWTH_SLACK = 0.15;

export interface CurvePoint {
  size: string;
  products: number;
  events: number;
  values: Record<string, number | undefined>;
}

export interface GrowthStep {
  metric: string;
  from: string;
  to: string;
  /** value(to) / value(from). */
  ratio: number;
  /** log(ratio) / log(products(to) / products(from)): 1 is linear, 2 quadratic. */
  productExponent: number;
  /** The exponent n log n would show over the same products. */
  nLogNExponent: number;
  fasterThanNLogN: boolean;
}

/** Each size's stage figures, smallest shop first; a stage that did not run has no value. */
export function curvePoints(runs: readonly ScaleFigures[]): CurvePoint[] {
  return [...runs]
    .sort((a, b) => a.counts.products - b.counts.products)
    .map((run) => ({
      size: run.size,
      products: run.counts.products,
      events: run.counts.events,
      values: Object.fromEntries(STAGE_METRICS.map((m) => [m.key, m.of(run) ?? undefined])),
    }));
}

/** The exponent of n log n between n1 and n2 products: log((n2 ln n2) / (n1 ln n1)) / log(n2 / n1). */
export function nLogNExponent(n1: number, n2: number): number {
  return Math.log((n2 * Math.log(n2)) / (n1 * Math.log(n1))) / Math.log(n2 / n1);
}

/** Seconds or MB per million events. */
export function perMillionEvents(value: number, events: number): number {
  return value / (events / 1_000_000);
}

/** Growth of every stage between neighbouring sizes that both measured it. */
export function growthSteps(points: readonly CurvePoint[], slack = GROWTH_SLACK): GrowthStep[] {
  const steps: GrowthStep[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (!(b.products > a.products)) continue;
    for (const metric of STAGE_METRICS) {
      const [va, vb] = [a.values[metric.key], b.values[metric.key]];
      if (va === undefined || vb === undefined || !(va > 0) || !(vb > 0)) continue;
      const productExponent = Math.log(vb / va) / Math.log(b.products / a.products);
      const nLogN = nLogNExponent(a.products, b.products);
      steps.push({ metric: metric.key, from: a.size, to: b.size, ratio: vb / va, productExponent, nLogNExponent: nLogN, fasterThanNLogN: productExponent > nLogN + slack });
    }
  }
  return steps;
}

const fixed = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const count = (n: number): string => (n >= 1_000_000 ? `${fixed(n / 1_000_000)}M` : n >= 1_000 ? `${fixed(n / 1_000)}k` : String(n));

/** The curve as a table a reader can scan: each stage per size (and per million events), then the exponents. */
export function formatCurve(points: readonly CurvePoint[], steps: readonly GrowthStep[]): string[] {
  const stepNames = points.slice(1).map((p, i) => `${points[i].size}->${p.size}`);
  const header = ['stage'.padEnd(18), ...points.map((p) => `${p.size} (${count(p.products)} products, ${count(p.events)} events)`.padEnd(34)), ...stepNames.map((s) => `${s} exp`.padEnd(12))];
  const lines = [
    'growth per stage: value (per million events); exp = log growth / log growth of products (1 linear; n log n shown as nlogn)',
    header.join(''),
  ];
  for (const metric of STAGE_METRICS) {
    if (points.every((p) => p.values[metric.key] === undefined)) continue;
    const cells = points.map((p) => {
      const v = p.values[metric.key];
      return (v === undefined ? '-' : `${fixed(v)} ${metric.unit} (${fixed(perMillionEvents(v, p.events))} ${metric.unit}/M)`).padEnd(34);
    });
    const exps = stepNames.map((name) => {
      const step = steps.find((s) => s.metric === metric.key && `${s.from}->${s.to}` === name);
      return (step ? `${step.productExponent.toFixed(2)}${step.fasterThanNLogN ? '!' : ''}/${step.nLogNExponent.toFixed(2)}` : '-').padEnd(12);
    });
    lines.push([metric.label.padEnd(18), ...cells, ...exps].join(''));
  }
  if (steps.some((s) => s.fasterThanNLogN)) lines.push('! grows faster than n log n in products (exponent above nlogn + ' + GROWTH_SLACK + ')');
  return lines;
}
