import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ShopSize } from '../shop-generator/generate-shop';
import { round } from '../stats';
import { startBackend } from './backend-server';
import { type BuiltApps, repoRoot, stageEnv } from './built-apps';
import { importShop, trainModel } from './cli-stages';
import { temporaryPostgresDatabase } from './postgres-database';
import { statusMb } from './process-memory';
import { requestSampleOf } from './request-sample';
import type { ScaleFigures } from './scale-figures';
import { cachedShop, scaleRoot } from './scale-store';
import { measureServing, waitForModel } from './serving-latency';

const MODEL_LOAD_TIMEOUT_MS = 30 * 60_000;
const WARMUP_TIMEOUT_MS = 10 * 60_000;

export interface ScaleRunOptions {
  size: ShopSize;
  postgres: boolean;
  apps: BuiltApps;
  /** Keep the run's SQLite file and objects (their folder is printed). */
  keep: boolean;
}

function commit(): string | null {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const log = (line: string): void => void process.stderr.write(`scale: ${line}\n`);

/**
 * One size end to end, each stage a process of the built apps: the cached shop imported into a
 * fresh SQLite file (and a fresh PostgreSQL database), `reco train` on the SQLite one, then the
 * backend serving that model, measured. A failing stage is recorded; the figures before it stay.
 */
export async function runScale(options: ScaleRunOptions): Promise<ScaleFigures> {
  const root = scaleRoot();
  const started = performance.now();
  const { shop, reused } = await cachedShop(options.size, root);
  const megabytes = (shop.bytes.products + shop.bytes.customers + shop.bytes.events) / 1_048_576;
  log(`${options.size}: shop ${reused ? 'reused' : 'generated'} in ${shop.dir} (${shop.counts.products} products, ${shop.counts.customers} customers, ${shop.counts.events} events)`);
  const figures: ScaleFigures = {
    size: options.size,
    counts: shop.counts,
    startedAt: new Date().toISOString(),
    commit: commit(),
    node: process.version,
    shop: { reused, seconds: round((performance.now() - started) / 1000, 1), megabytes: round(megabytes, 1) },
  };
  const sample = await requestSampleOf(shop);
  mkdirSync(path.join(root, 'runs'), { recursive: true });
  const work = mkdtempSync(path.join(root, 'runs', `${options.size}-`));
  const env = stageEnv(work, `file:${path.join(work, 'reco.db')}`);
  let stage = 'import-sqlite';
  try {
    figures.sqlite = await importShop(options.apps.cli, shop.files, env, 'import sqlite');
    if (options.postgres) {
      stage = 'import-postgres';
      const pg = await temporaryPostgresDatabase();
      try {
        figures.postgres = await importShop(options.apps.cli, shop.files, stageEnv(work, pg.url), 'import postgres');
      } finally {
        await pg.drop();
      }
    }
    stage = 'train';
    log(`${options.size}: training`);
    figures.train = await trainModel(options.apps.cli, env, path.join(work, 'objects'));
    log(`${options.size}: trained ${figures.train.version} in ${figures.train.seconds} s, peak ${figures.train.peakRssMb} MB, ${figures.train.artifactMb} MB stored`);
    stage = 'server';
    const serverStarted = performance.now();
    const backend = await startBackend(options.apps.backend, env);
    try {
      await waitForModel(backend, sample.warmup.customers[0] ?? sample.customers[0], figures.train.version, MODEL_LOAD_TIMEOUT_MS);
      const loadSeconds = round((performance.now() - serverStarted) / 1000, 2);
      log(`${options.size}: server has the model after ${loadSeconds} s; measuring`);
      const serving = await measureServing(backend, sample, WARMUP_TIMEOUT_MS);
      const rss = statusMb(backend.pid, 'VmRSS');
      const peak = statusMb(backend.pid, 'VmHWM');
      figures.server = { loadSeconds, rssMb: rss === undefined ? null : round(rss, 1), peakRssMb: peak === undefined ? null : round(peak, 1), ...serving };
    } finally {
      await backend.stop();
    }
  } catch (err) {
    figures.failed = { stage, message: err instanceof Error ? err.message : String(err) };
    log(`${options.size}: ${stage} failed: ${figures.failed.message}`);
  } finally {
    if (options.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  return figures;
}
