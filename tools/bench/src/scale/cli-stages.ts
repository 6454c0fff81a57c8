import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ShopFiles } from '../shop-generator/generate-shop';
import { round } from '../stats';
import { repoRoot } from './built-apps';
import { failureOf, runMeasured } from './measured-process';
import type { ImportFigures, TrainFigures } from './scale-figures';

interface ImportSummary {
  rowsRead: number;
  rejected: { total: number };
  seconds: number;
  afterImport: { ms: number }[];
}

interface TrainOutcome {
  version: string;
  objectKey: string;
  metrics: Record<string, number>;
  metadata: { backend?: string; counts?: Record<string, number> };
}

/** The last line of a `--json` run's stdout, parsed. */
function lastJson<T>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

/** `reco import products|customers|events FILE --json`, one process each, in that order. */
export async function importShop(cli: string, files: ShopFiles, env: NodeJS.ProcessEnv, label: string): Promise<ImportFigures> {
  const byKind: ImportFigures['byKind'] = {};
  let seconds = 0;
  let importerSeconds = 0;
  let afterImportSeconds = 0;
  let rows = 0;
  let peakRssMb: number | null = null;
  for (const kind of ['products', 'customers', 'events'] as const) {
    const run = await runMeasured(process.execPath, [cli, 'import', kind, files[kind], '--json'], { cwd: repoRoot, env, label: `${label} ${kind}` });
    if (run.exitCode !== 0) throw failureOf(`reco import ${kind}`, run);
    const summary = lastJson<ImportSummary>(run.stdout);
    seconds += run.seconds;
    importerSeconds += summary.seconds;
    afterImportSeconds += summary.afterImport.reduce((total, step) => total + step.ms / 1000, 0);
    rows += summary.rowsRead;
    if (run.peakRssMb !== null) peakRssMb = Math.max(peakRssMb ?? 0, run.peakRssMb);
    byKind[kind] = { rows: summary.rowsRead, seconds: round(run.seconds, 2), rowsPerSecond: Math.round(summary.rowsRead / run.seconds), rejected: summary.rejected.total };
    console.error(`${label}: ${kind} ${summary.rowsRead} rows in ${run.seconds.toFixed(1)} s (importer ${summary.seconds.toFixed(1)} s)`);
  }
  return {
    seconds: round(seconds, 2),
    rowsPerSecond: Math.round(rows / seconds),
    importerSeconds: round(importerSeconds, 2),
    afterImportSeconds: round(afterImportSeconds, 2),
    peakRssMb: peakRssMb === null ? null : round(peakRssMb, 1),
    byKind,
  };
}

/** `reco train --json`: the model trained, stored in the local object store and activated. */
export async function trainModel(cli: string, env: NodeJS.ProcessEnv, objectsDir: string): Promise<TrainFigures> {
  const run = await runMeasured(process.execPath, [cli, 'train', '--json'], { cwd: repoRoot, env, label: 'train' });
  if (run.exitCode !== 0) throw failureOf('reco train', run);
  const outcome = lastJson<TrainOutcome>(run.stdout);
  const fitMs = outcome.metrics['trainMs'];
  return {
    seconds: round(run.seconds, 2),
    fitSeconds: typeof fitMs === 'number' ? round(fitMs / 1000, 2) : null,
    peakRssMb: run.peakRssMb === null ? null : round(run.peakRssMb, 1),
    backend: outcome.metadata.backend ?? null,
    version: outcome.version,
    counts: outcome.metadata.counts ?? {},
    artifactMb: round(bytesUnder(path.join(objectsDir, outcome.objectKey)) / 1_048_576, 2),
  };
}

/** Bytes of every file below a folder (a model version's objects: manifest, weights, chunks). */
export function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(full) : statSync(full).size;
  }
  return total;
}
