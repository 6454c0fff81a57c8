// EASE variants inside the shipped blend, on cached states (harness/split-context.ts): the Gram rows'
// weights (recency, basket counts), λ, and the scoring input weights. Retrains only EASE.
// `VARIANTS=... npx tsx --conditions=@reco/source research/recommender/src/explore-ease.ts`
// Result (not adopted), all/new Recall@20 vs shipped 0.2448/0.1176 (10-09), 0.2483/0.1132 (09-09):
// binary Gram 0.2458/0.1136, 0.2478/0.1013; d60 0.2445/0.1185, 0.2459/0.1154; d240 -new;
// log/sqrt basket weights -new (0.103-0.107); λ=50 0.2449/0.1156, 0.2481/0.1099; scoring input
// sqrt(decayed sum, 120 d) 0.2452/0.1195, 0.2484/0.1134: nothing beyond noise on both.
import { initTensorFlow, invertSpd, tf } from '@reco/ml';
import { topNeighbours, type SparseNeighbours } from '@reco/recommendation-tools/model';
import { buildSplitContext, decay, evaluateScorer, formatResult, loadPurchases, maxOf, splitDays, type ProductHistory, type Scorer, type SplitContext } from './harness';

type W = (ctx: SplitContext, x: ProductHistory, now: number) => number;
const WEIGHTS: Record<string, W> = {
  d120: (_c, x, now) => decay(now - x.times[x.times.length - 1], 120),
  d60: (_c, x, now) => decay(now - x.times[x.times.length - 1], 60),
  d240: (_c, x, now) => decay(now - x.times[x.times.length - 1], 240),
  bin: () => 1,
  logb120: (_c, x, now) => Math.log1p(x.baskets) * decay(now - x.times[x.times.length - 1], 120),
  sum120: (_c, x, now) => x.times.reduce((s, t) => s + decay(now - t, 120), 0),
  sqsum120: (_c, x, now) => Math.sqrt(x.times.reduce((s, t) => s + decay(now - t, 120), 0)),
};

/** Same closed form as the model's trainEase (not exported by the library). */
function trainEase(rows: { offsets: Int32Array; items: Int32Array; weights: Float32Array }, n: number, lambda: number, width: number): SparseNeighbours {
  const gram = new Float32Array(n * n);
  for (let c = 0; c + 1 < rows.offsets.length; c++)
    for (let a = rows.offsets[c]; a < rows.offsets[c + 1]; a++)
      for (let b = rows.offsets[c]; b < rows.offsets[c + 1]; b++) gram[rows.items[a] * n + rows.items[b]] += rows.weights[a] * rows.weights[b];
  for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
  const p = tf.tidy(() => invertSpd(tf.tensor2d(gram, [n, n])));
  const dense = p.dataSync() as Float32Array;
  p.dispose();
  const diag = Float32Array.from({ length: n }, (_, j) => dense[j * n + j]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dense[i * n + j] = i === j ? 0 : -dense[i * n + j] / diag[j];
  return topNeighbours(dense, n, width);
}

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  const variants = (process.env['VARIANTS'] ?? 'd120:d120:100,bin:d120:100,d60:d120:100,d240:d120:100,logb120:d120:100,sqsum120:d120:100,d120:d120:50,d120:sqsum120:100').split(',');
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 });
    const st = ctx.state, h = st.histories, n = st.productIds.length;
    const { rowOf } = ctx;
    const trMax = maxOf(st.trending);
    const now = ctx.trainedUntil;
    console.log(`--- ${day}`);
    const custs = [...ctx.hist.keys()];
    const cache = new Map<string, SparseNeighbours>();
    for (const v of variants) {
      const [gw, sw, lam] = v.split(':');
      const key = `${gw}:${lam}`;
      let nb = cache.get(key);
      if (!nb) {
        const offsets = new Int32Array(custs.length + 1);
        const items: number[] = [], weights: number[] = [];
        custs.forEach((c, k) => { for (const x of ctx.hist.get(c)!) { items.push(x.item); weights.push(WEIGHTS[gw](ctx, x, now)); } offsets[k + 1] = items.length; });
        const t0 = Date.now();
        nb = trainEase({ offsets, items: Int32Array.from(items), weights: Float32Array.from(weights) }, n, Number(lam), 200);
        console.error(`ease ${key} ${Date.now() - t0} ms`);
        cache.set(key, nb);
      }
      const ease = nb;
      const scorer: Scorer = (c) => {
        const row = rowOf.get(c)!;
        const rep = new Float32Array(n), sim = new Float32Array(n);
        for (const x of ctx.hist.get(c)!) {
          const w = WEIGHTS[sw](ctx, x, now);
          for (let q = x.item * ease.width, e = q + ease.width; q < e && ease.index[q] >= 0; q++) sim[ease.index[q]] += w * ease.weight[q];
        }
        for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) rep[h.items[a]] = h.decayed[a] * Math.sqrt(st.season![h.items[a]] * st.repeatRate![h.items[a]]);
        for (let j = 0; j < n; j++) sim[j] *= Math.sqrt(st.season![j]);
        const rm = maxOf(rep), sm = maxOf(sim), prop = h.repeatPropensity![row];
        const out = new Float32Array(n);
        const ii = Number(process.env['II'] ?? 0.35);
        for (let j = 0; j < n; j++) out[j] = (prop * rep[j]) / rm + (sm > 0 ? (ii * sim[j]) / sm : 0) + (0.02 * st.trending[j]) / trMax;
        return out;
      };
      console.log(formatResult(`ease gram=${gw} score=${sw} λ=${lam}`, evaluateScorer(ctx, scorer)));
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
