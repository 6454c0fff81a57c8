// Where the "all" recall is lost: per segment (distinct past products), the shipped recall, the
// share of truth that was bought before, and the recall of a perfect ordering of own products.
// `npx tsx --conditions=@reco/source research/recommender/src/explore-headroom.ts`
// Re-run on moving to research/ (states with quantity weighting): 2011-10-09, by distinct past
// products 0-20 / 20-60 / 60-150 / 150+: customers 201 / 380 / 359 / 164, recall 0.3608 / 0.2607 /
// 0.2195 / 0.1284, owned share of the truth 0.302 / 0.334 / 0.440 / 0.541, own-products oracle
// 0.308 / 0.386 / 0.613 / 0.851; 2011-09-09: customers 203 / 348 / 293 / 118, recall 0.3016 /
// 0.2824 / 0.2112 / 0.1472, own-products oracle 0.270 / 0.413 / 0.599 / 0.881. Heavy buyers lose
// most: the truth is mostly their own products, ordered badly among hundreds.
import { initTensorFlow } from '@reco/ml';
import { buildSplitContext, itemItemScores, loadPurchases, maxOf } from './harness';
import { recallAtK } from '@reco/recommendation-tools/model';

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  for (const day of ['2011-10-09', '2011-09-09']) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 });
    const st = ctx.state, h = st.histories, n = st.productIds.length;
    const { rowOf } = ctx;
    const trMax = maxOf(st.trending);
    const segs = [[0, 20], [20, 60], [60, 150], [150, 1e9]];
    console.log(`--- ${day}`);
    for (const [lo, hi] of segs) {
      let cnt = 0, rec = 0, ownShare = 0, oracle = 0, trSize = 0;
      for (const cs of ctx.cases.all) {
        const row = rowOf.get(cs.customerId)!;
        const m = h.offsets[row + 1] - h.offsets[row];
        if (m < lo || m >= hi) continue;
        cnt++;
        // shipped
        const rep = new Float32Array(n);
        for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
          const i = h.items[a];
          rep[i] = h.decayed[a] * Math.sqrt(st.season![i] * st.repeatRate![i]);
        }
        const sim = itemItemScores(st, row, 120);
        const rm = maxOf(rep), sm = maxOf(sim), prop = h.repeatPropensity![row];
        const sc = new Float32Array(n);
        for (let j = 0; j < n; j++) sc[j] = (prop * rep[j]) / rm + (0.35 * sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
        const top = [...Array(n).keys()].sort((a, b) => sc[b] - sc[a]).slice(0, 20).map((j) => st.productIds[j]);
        rec += recallAtK(top, cs.truth, 20);
        const owned = [...cs.truth].filter((p) => cs.history.has(p)).length;
        trSize += cs.truth.size;
        ownShare += owned / cs.truth.size;
        oracle += Math.min(20, owned) / Math.min(20, cs.truth.size);
      }
      console.log(`products ${lo}-${hi}: customers ${cnt} recall ${(rec / cnt).toFixed(4)} (contrib ${(rec / ctx.cases.all.length).toFixed(4)}) mean|truth| ${(trSize / cnt).toFixed(1)} owned share ${(ownShare / cnt).toFixed(3)} own-oracle ${(oracle / cnt).toFixed(3)}`);
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
