import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCache } from '@reco/async-cache';
import { OpenFormatImporter, openDatabase, type OpenFormatImportSummary } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { createRecommendationServices, type EvaluationRow } from '@reco/recommendation-tools';
import { generateShop, type GenerateShopOptions } from '../shop-generator/generate-shop';

const DAY_MS = 86_400_000;

export interface OpenShopTrialOptions extends Pick<GenerateShopOptions, 'size' | 'counts' | 'seed' | 'format'> {
  /** Days at the end of the data held out as truth (the shop's last month). Default 30. */
  holdoutDays?: number;
  k?: number;
  /** Customers whose live recommendations are checked for the `model` strategy. Default 50. */
  sampleCustomers?: number;
}

export interface OpenShopTrial {
  counts: { products: number; customers: number; events: number };
  imports: Record<'products' | 'customers' | 'events', Pick<OpenFormatImportSummary, 'rowsRead' | 'accepted' | 'rowsPerSecond'> & { rejected: number; seconds: number }>;
  cutoff: string;
  rows: EvaluationRow[];
  trainSeconds: number;
  /** Of the sampled known customers, how many got the model's list (not the popularity fallback). */
  modelStrategyShare: number;
}

/**
 * A shop in the open format end to end, the way a new shop would try Reco: generate it (no
 * orders file: views, carts, purchases, returns), import the three files, hold out its last
 * month of purchases and score the model against popularity on it, then train on everything and
 * ask for live recommendations. Everything lives in a temporary folder removed afterwards.
 */
export async function runOpenShopTrial(options: OpenShopTrialOptions): Promise<OpenShopTrial> {
  const work = mkdtempSync(path.join(tmpdir(), 'reco-open-shop-'));
  const executor = new AsyncExecutor({ name: 'open-shop' });
  const db = await openDatabase({ url: `file:${path.join(work, 'shop.db')}` });
  try {
    const shop = await generateShop({ dir: path.join(work, 'files'), size: options.size, counts: options.counts, seed: options.seed, format: options.format });
    await db.migrate();
    const importer = new OpenFormatImporter(db);
    const imports = {} as OpenShopTrial['imports'];
    for (const kind of ['products', 'customers', 'events'] as const) {
      const started = performance.now();
      const summary = await importer.import(kind, shop.files[kind]);
      const seconds = (performance.now() - started) / 1000;
      imports[kind] = { rowsRead: summary.rowsRead, accepted: summary.accepted, rejected: summary.rejected.total, rowsPerSecond: summary.rowsPerSecond, seconds };
    }
    if (!shop.lastEventAt) throw new Error('the generated shop has no events');
    const holdoutDays = options.holdoutDays ?? 30;
    // The first midnight of the held-out month: training sees nothing from it.
    const cutoff = Math.floor((Date.parse(shop.lastEventAt) - holdoutDays * DAY_MS) / DAY_MS) * DAY_MS;
    const services = createRecommendationServices(
      { database: { get: async () => db }, objectStore: new LocalObjectStore({ root: path.join(work, 'objects') }), executor, cache: createCache({ backend: 'memory' }) },
      { holdoutDays: 0 },
    );
    const { rows } = await services.trainer.evaluate({ cutoff, days: holdoutDays, k: options.k ?? 20 });
    const trainStarted = performance.now();
    await services.trainer.train();
    const trainSeconds = (performance.now() - trainStarted) / 1000;
    const sample = await sampleBuyers(db, options.sampleCustomers ?? 50);
    let model = 0;
    for (const customerId of sample) {
      if ((await services.service.recommend(customerId, { k: options.k ?? 20 })).strategy === 'model') model++;
    }
    return {
      counts: shop.counts,
      imports,
      cutoff: new Date(cutoff).toISOString(),
      rows,
      trainSeconds,
      modelStrategyShare: sample.length > 0 ? model / sample.length : 0,
    };
  } finally {
    await db.close();
    await executor.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Customers with purchases, a page of them: the ones a shop would show recommendations to. */
async function sampleBuyers(db: Awaited<ReturnType<typeof openDatabase>>, limit: number): Promise<string[]> {
  const aggregates = await db.orders.customerAggregates();
  return aggregates.filter((a) => a.orders > 0).slice(0, limit).map((a) => a.customerId);
}

/** Recall@k of one ranker in one mode, or NaN when the evaluation has no such row. */
export function recallOf(rows: readonly EvaluationRow[], ranker: string, mode: string): number {
  return rows.find((r) => r.ranker === ranker && r.mode === mode)?.recall ?? Number.NaN;
}
