import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type DatabaseCounts } from '@reco/data';
import { round } from '../stats';

export const DEFAULT_DATASET = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'datasets', 'online-retail', 'train.csv.gz');

/** Imports the file twice into a fresh database; times the first import, samples peak RSS. */
export async function runImportBench(options: {
  bench: string;
  url: string;
  file: string;
  targetSeconds: number;
  targetRssMb: number;
}): Promise<{ bench: string; pass: boolean; [figure: string]: unknown }> {
  if (!existsSync(options.file)) {
    throw new Error(`dataset not found: ${options.file} (pass its path: npm run bench -- ${options.bench} <file.csv.gz>)`);
  }
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const db = await openDatabase({ url: options.url });
  try {
    await db.migrate();
    const first = await db.importer.import(options.file);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const second = await db.importer.import(options.file);
    const unchanged = sameCounts(first.database, second.database) && second.inserted.orderLines === 0;
    const peakRssMb = round(peakRss / 1024 / 1024, 1);
    return {
      bench: options.bench,
      rows: first.rowsRead,
      seconds: round(first.seconds, 2),
      rowsPerSec: Math.round(first.rowsPerSecond),
      peakRssMb,
      rejected: first.rejected.total,
      customersWithOrders: first.database.customersWithOrders,
      merchandiseProducts: first.database.merchandiseProducts,
      merchandiseBoughtByCustomers: first.database.merchandiseBoughtByCustomers,
      secondImportSeconds: round(second.seconds, 2),
      targetSeconds: options.targetSeconds,
      targetRssMb: options.targetRssMb,
      secondImportUnchanged: unchanged,
      pass: first.seconds <= options.targetSeconds && peakRssMb <= options.targetRssMb && unchanged,
    };
  } finally {
    clearInterval(sampler);
    await db.close();
  }
}

function sameCounts(a: DatabaseCounts, b: DatabaseCounts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
