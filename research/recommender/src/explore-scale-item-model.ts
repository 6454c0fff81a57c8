// The item-item model past EASE's reach (issue 15): EASE over the head of the catalogue plus an
// asymmetric cosine of the sparse co-occurrence for the rest, on a generated shop's events.csv
// (tools/bench shop-generator), trained on all but its last 30 days and scored on those.
// `EASE=5000,2000,0 ASYMMETRY=0.5,0.8 npx tsx --conditions=@reco/source research/recommender/src/explore-scale-item-model.ts DIR`
// Results, "new" Recall@20 (all in brackets), popularity first:
//   S (5k products): popularity 0.165 (0.263); EASE whole 0.256 (0.736); head 2,000 + cos(0.5)
//   0.251 (0.736); head 500 0.243; cosine alone α 0.5 0.175 (0.713), α 0.8 0.297 (0.752),
//   α 1 0.288, α 0.8 with shrinkage 5 0.274.
//   M (30k products): popularity 0.088 (0.102); head 5,000 + cos α 0.8 0.246 (0.773); cosine
//   alone α 0.8 0.266 (0.778), α 0.5 0.179 (0.753).
// On the real data (`TRAIN_EASE_MAX_ITEMS=N reco evaluate --cutoff 2011-10-09`, 3.6k products,
// EASE whole 0.2510/0.1167 all/new): cosine alone 0.2393/0.0792 (α 0.5), 0.2348/0.0711 (α 0.8);
// head 2,000 0.2486/0.1187 (α 0.5), 0.2498/0.1157 (α 0.8); head 1,000 0.2443/0.1048 (α 0.5),
// 0.2467/0.1026 (α 0.8). So: EASE carries the real data and stays wherever memory and time
// allow (default 5,000 items: the whole UCI catalogue); the generated shops, popularity-driven by
// construction, flatter cosine; α 0.8 for the tail (the real data is split on it).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { initTensorFlow } from '@reco/ml';
import {
  ColumnsBuilder,
  DAY_MS,
  Recommender,
  evaluateRanker,
  evaluationCases,
  fitRecommender,
  popularityRanker,
  temporalSplit,
  type Interaction,
  type PurchaseColumns,
} from '@reco/recommendation-tools/model';

async function readShop(dir: string): Promise<PurchaseColumns> {
  const builder = new ColumnsBuilder();
  for await (const e of createReadStream(`${dir}/events.csv`).pipe(parse({ columns: true })) as AsyncIterable<Record<string, string>>) {
    if (!e['customer_id']) continue;
    const time = Date.parse(e['occurred_at']);
    // A basket: the customer's day (the reader's rule for purchase events without a session).
    if (e['type'] === 'purchase') builder.add(e['customer_id'], e['product_id'], Number(e['quantity'] || 1), Math.floor(time / DAY_MS) * DAY_MS);
    else if (e['type'] === 'view' || e['type'] === 'cart') builder.addInteraction(e['customer_id'], e['product_id'], e['type'], time);
  }
  return builder.build();
}

async function main(dir: string): Promise<void> {
  await initTensorFlow();
  const columns = await readShop(dir);
  const rows: Interaction[] = [];
  let until = 0;
  for (let r = 0; r < columns.customer.length; r++) {
    until = Math.max(until, columns.time[r]);
    rows.push({ customerId: columns.customerIds[columns.customer[r]], productId: columns.productIds[columns.product[r]], quantity: columns.quantity[r], time: columns.time[r] });
  }
  const cutoff = Math.floor((until - 30 * DAY_MS) / DAY_MS) * DAY_MS;
  const split = temporalSplit(rows, { cutoff, days: 30 });
  for (const easeMaxItems of (process.env['EASE'] ?? '5000,0').split(',').map(Number)) {
    for (const cosineAsymmetry of (process.env['ASYMMETRY'] ?? '0.8').split(',').map(Number)) {
      const started = performance.now();
      const state = fitRecommender(columns, { until: cutoff, cosineAsymmetry }, { maxMemoryMb: 8_192, easeMaxItems });
      const seconds = (performance.now() - started) / 1000;
      const model = new Recommender(state);
      const rankers = {
        model: (c: string, k: number, exclude: ReadonlySet<string>) => model.recommend(c, { k, excludeProductIds: exclude }).map((x) => x.productId),
        popularity: popularityRanker(state),
      };
      for (const mode of ['all', 'new'] as const) {
        const cases = evaluationCases(split, mode);
        for (const [name, rank] of Object.entries(rankers)) {
          const r = evaluateRanker(rank, cases, mode, 20);
          console.log(`ease≤${easeMaxItems} α=${cosineAsymmetry} ${state.itemModel?.kind} fit ${seconds.toFixed(1)} s  ${mode} ${name.padEnd(10)} recall@20 ${r.recall.toFixed(4)} ndcg@20 ${r.ndcg.toFixed(4)} (${cases.length} customers)`);
        }
      }
    }
  }
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
