import type { ShopSize } from '../shop-generator/generate-shop';
import { defineBenchmark } from '../benchmark';
import { recallOf, runOpenShopTrial } from '../open-shop/open-shop-trial';
import { round } from '../stats';

/**
 * A generated shop in the open format (issue 14): imported through the three file formats, its
 * last month of purchases held out, model against popularity. `npm run bench -- open-shop [S|M|L]`
 * (default S: 5,000 products, 20,000 customers, 500,000 events).
 */
export default defineBenchmark({
  name: 'open-shop',
  description: 'a generated open-format shop (own ids, categories, tags, events only): import, hold out its last month, Recall@20 of the model vs popularity',
  async run(args) {
    const size = (args[0] ?? 'S').toUpperCase() as ShopSize;
    if (!['S', 'M', 'L'].includes(size)) throw new Error(`size must be S, M or L, got ${JSON.stringify(args[0])}`);
    const trial = await runOpenShopTrial({ size, seed: 1, k: 20, sampleCustomers: 200 });
    const figures = {
      modelRecallAll: round(recallOf(trial.rows, 'model', 'all'), 4),
      popularityRecallAll: round(recallOf(trial.rows, 'popularity', 'all'), 4),
      modelRecallNew: round(recallOf(trial.rows, 'model', 'new'), 4),
      popularityRecallNew: round(recallOf(trial.rows, 'popularity', 'new'), 4),
    };
    console.log(trial.rows.map((r) => `${r.mode.padEnd(4)} ${String(r.customers).padStart(6)} ${r.ranker.padEnd(11)} recall@${r.k} ${r.recall.toFixed(4)}  ndcg@${r.k} ${r.ndcg.toFixed(4)}`).join('\n'));
    return {
      bench: 'open-shop',
      size,
      ...trial.counts,
      cutoff: trial.cutoff,
      importRowsPerSecond: Object.fromEntries(Object.entries(trial.imports).map(([kind, s]) => [kind, Math.round(s.rowsPerSecond)])),
      trainSeconds: round(trial.trainSeconds, 1),
      modelStrategyShare: round(trial.modelStrategyShare, 3),
      ...figures,
      target: 'model Recall@20 (all) above popularity; buyers served by the model',
      pass: figures.modelRecallAll > figures.popularityRecallAll && trial.modelStrategyShare > 0.9,
    };
  },
});
