import { FEATURE_NAMES, type FeatureName } from './customer-features';

/** How far (in standard deviations) a centroid must sit from the mean for a word to apply. */
const MARKED = 0.75;

const column = (name: FeatureName) => FEATURE_NAMES.indexOf(name);

export interface ClusterAverages {
  monetary: number;
  frequency: number;
  recencyDays: number;
  basket: number;
  distinctProducts: number;
  returnRate: number;
}

/**
 * A short description of a cluster from its standardised centroid: value level and purchase
 * rhythm always, recency, basket size and returns when they stand out. E.g. "high-value
 * frequent, recent", "low-value one-off, lapsed, small baskets".
 */
export function clusterLabel(centroid: ArrayLike<number>, averages: ClusterAverages): string {
  const z = (name: FeatureName) => centroid[column(name)] as number;
  const value = z('logMonetary') >= MARKED ? 'high-value' : z('logMonetary') <= -MARKED ? 'low-value' : 'mid-value';
  const rhythm = averages.frequency < 1.5 ? 'one-off' : z('logFrequency') >= MARKED ? 'frequent' : 'occasional';
  const extras: string[] = [];
  if (z('logRecencyDays') >= MARKED) extras.push('lapsed');
  else if (z('logRecencyDays') <= -MARKED) extras.push('recent');
  if (z('logAverageBasket') >= MARKED) extras.push('large baskets');
  else if (z('logAverageBasket') <= -MARKED) extras.push('small baskets');
  if (z('returnRate') >= 1) extras.push('many returns');
  return [`${value} ${rhythm}`, ...extras].join(', ');
}

/** Labels for all clusters; a repeated label gets a number so the dashboard can tell them apart. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}
