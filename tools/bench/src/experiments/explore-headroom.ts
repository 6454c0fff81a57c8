// Where the "all" recall is lost: per segment (distinct past products), the shipped recall, the
// share of truth that was bought before, and the recall of a perfect ordering of own products.
import { buildCtx, init, loadRows } from './explore';
import { recallAtK } from '@reco/recommendation-tools';

const maxOf = (v: Float32Array) => v.reduce((m, x) => (x > m ? x : m), 0);
async function main() {
  await init();
  const rows = loadRows();
  for (const day of ['2011-10-09', '2011-09-09']) {
    const ctx = buildCtx(rows, day, { seasonWindowDays: 14 });
    const st = ctx.state, h = st.histories, n = st.productIds.length;
    const rowOf = new Map(h.customerIds.map((c, r) => [c, r]));
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
        const rep = new Float32Array(n), sim = new Float32Array(n);
        const nb = st.itemItem;
        for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
          const i = h.items[a];
          rep[i] = h.decayed[a] * Math.sqrt(st.season![i] * st.repeatRate![i]);
          const x = Math.pow(2, -(ctx.trainedUntil - h.lastTime[a]) / (120 * 864e5));
          for (let q = i * nb.width, e = q + nb.width; q < e && nb.index[q] >= 0; q++) sim[nb.index[q]] += x * nb.weight[q];
        }
        for (let j = 0; j < n; j++) sim[j] *= Math.sqrt(st.season![j]);
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
