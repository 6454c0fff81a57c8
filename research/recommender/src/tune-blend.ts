// Developer-split experiment: trains once at the 2011-10-09 cut-off and evaluates the model
// under a few blend weights against the baselines. `npx tsx --conditions=@reco/source <this>`
// What it decided is in the comments of DEFAULT_TRAINING_OPTIONS and DEFAULT_BLEND. Re-run when
// moved to research/, 2011-10-09, all / new Recall@20 (NDCG): the shipped model 0.2510 (0.3234) /
// 0.1176 (0.1265); repeat-then-popularity 0.2262 (0.2988) / 0.0374; popularity 0.0540 (0.0836) /
// 0.0374.
import { initTensorFlow } from '@reco/ml';
import {
  DEFAULT_BLEND,
  DEFAULT_TRAINING_OPTIONS,
  evaluateRanker,
  evaluationCases,
  fitRecommender,
  popularityRanker,
  Recommender,
  repeatThenPopularityRanker,
  temporalSplit,
  toPurchaseColumns,
  type Ranker,
} from '@reco/recommendation-tools/model';
import { purchasesOf, readOnlineRetail } from './harness';

async function main(): Promise<void> {
  const backend = await initTensorFlow();
  const cutoff = Date.parse((process.env['CUTOFF'] ?? '2011-10-09') + 'T00:00:00Z');
  const d = DEFAULT_TRAINING_OPTIONS;
  const lambda = Number(process.env['LAMBDA'] ?? d.lambda);
  const itemHalfLifeDays = Number(process.env['ITEM_HL'] ?? d.itemHalfLifeDays);
  const popularityHalfLifeDays = Number(process.env['POP_HL'] ?? d.popularityHalfLifeDays);
  const repeatHalfLifeDays = Number(process.env['REP_HL'] ?? d.repeatHalfLifeDays);
  const seasonWindowDays = Number(process.env['SEASON_DAYS'] ?? d.seasonWindowDays);
  const raw = readOnlineRetail();
  const rows = purchasesOf(raw);
  const split = temporalSplit(rows, { cutoff, days: 30 });
  const t0 = Date.now();
  const options = { lambda, itemHalfLifeDays, popularityHalfLifeDays, repeatHalfLifeDays, seasonWindowDays };
  const state = fitRecommender(toPurchaseColumns(split.train), options);
  console.log(`cut-off ${new Date(cutoff).toISOString().slice(0, 10)}: backend ${backend}, trained in ${Date.now() - t0} ms`, state.counts, options);
  const cases = { all: evaluationCases(split, 'all'), new: evaluationCases(split, 'new') };
  const report = (name: string, rank: Ranker) => {
    const a = evaluateRanker(rank, cases.all, 'all', 20);
    const b = evaluateRanker(rank, cases.new, 'new', 20);
    console.log(`${name.padEnd(52)} all(${a.customers}) R ${a.recall.toFixed(4)} N ${a.ndcg.toFixed(4)} | new(${b.customers}) R ${b.recall.toFixed(4)} N ${b.ndcg.toFixed(4)}`);
  };
  report('popularity', popularityRanker(state));
  report('repeat-then-popularity', repeatThenPopularityRanker(state));
  // GRID: `;`-separated blends `repeat,itemItem,popularity[,season,repeatRate,propensity]`;
  // omitted exponents take DEFAULT_BLEND's. The first line is the shipped default.
  const b = DEFAULT_BLEND;
  const grid = (process.env['GRID'] ?? `${b.repeat},${b.itemItem},${b.popularity};1,0.35,0.02,0,0,0;1,0,0;0,1,0;0,0,1`)
    .split(';')
    .map((g) => g.split(',').map(Number));
  for (const [repeat, itemItem, popularity, season, repeatRate, propensity] of grid) {
    const blend = { repeat, itemItem, popularity, ...(season === undefined ? {} : { season, repeatRate, propensity }) };
    const model = new Recommender(state, [], blend);
    const rank: Ranker = (c, k, exclude) => model.recommend(c, { k, excludeProductIds: exclude }).map((r) => r.productId);
    const m = model.blend;
    report(`model r=${repeat} ii=${itemItem} p=${popularity} s=${m.season} rr=${m.repeatRate} pr=${m.propensity}`, rank);
  }
  // Uncached scoring latency of the default model over every known customer.
  const model = new Recommender(state);
  const times = state.histories.customerIds.map((c) => {
    const s = performance.now();
    model.recommend(c, { k: 20, excludePurchased: true });
    return performance.now() - s;
  });
  const total = times.reduce((a, b) => a + b, 0);
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  console.log(`scoring ${times.length} customers: total ${total.toFixed(0)} ms, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
