// Sequential "what follows" model on cached states (harness/split-context.ts): for every basket at t (with
// t + H days before the cut-off), count which products the same customer bought in (t, t + H]:
// T[i][j] = #(baskets with i followed by j within H) / (#baskets with i + β). The diagonal is
// the product's short-term repurchase rate. A customer's score: Σ over own products i of
// x_i · T[i][j], x_i decayed by the age of i's last purchase. Blended into the shipped recipe.
// `npx tsx --conditions=@reco/source research/recommender/src/explore-seq.ts`
// Result (not adopted): alone ~0.09-0.11 all. On own products with the pooled season (SMOOTH=1),
// own+0.1: +0.0007/+0.0012/+0.0006/-0.0003 on 10-09/09-09/08-10/07-11 whatever H, β, xhl; the
// diagonal alone nothing; on new products it hurts "new" (0.1176 -> 0.108). SIMREP=0.5 (own
// products' item-item input weighted by the decayed count): +0.0011/-0.0002/+0.0011/+0.0003.
// Too small against the ±0.008 noise for an n×n structure in the model.
import { initTensorFlow } from '@reco/ml';
import { DAY_MS, pooledSeason } from '@reco/recommendation-tools/model';
import { buildSplitContext, decay, evaluateScorer, formatResult, itemItemScores, loadPurchases, maxOf, splitDays, type Scorer, type SplitContext } from './harness';


function baskets(ctx: SplitContext): Map<string, { t: number; items: number[] }[]> {
  const out = new Map<string, { t: number; items: number[] }[]>();
  for (const [c, hs] of ctx.hist) {
    const byT = new Map<number, number[]>();
    for (const x of hs) for (const t of x.times) { let l = byT.get(t); if (!l) byT.set(t, (l = [])); l.push(x.item); }
    out.set(c, [...byT].sort((a, b) => a[0] - b[0]).map(([t, items]) => ({ t, items })));
  }
  return out;
}

function transitions(ctx: SplitContext, bs: Map<string, { t: number; items: number[] }[]>, H: number, beta: number): Float32Array {
  const n = ctx.state.productIds.length;
  const cutoff = Date.parse(ctx.name + 'T00:00:00Z');
  const C = new Float32Array(n * n);
  const N = new Float32Array(n);
  for (const list of bs.values()) {
    for (let a = 0; a < list.length; a++) {
      const { t, items } = list[a];
      if (t + H * DAY_MS >= cutoff) break;
      const next = new Set<number>();
      for (let b = a + 1; b < list.length && list[b].t <= t + H * DAY_MS; b++) for (const j of list[b].items) next.add(j);
      for (const i of items) {
        N[i]++;
        const row = i * n;
        for (const j of next) C[row + j]++;
      }
    }
  }
  for (let i = 0; i < n; i++) { const d = N[i] + beta; const row = i * n; for (let j = 0; j < n; j++) C[row + j] /= d; }
  return C;
}

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 });
    const st = ctx.state, h = st.histories, n = st.productIds.length;
    const { rowOf } = ctx;
    const trMax = maxOf(st.trending);
    const now = Date.parse(day + 'T00:00:00Z');
    const bs = baskets(ctx);
    // season lift pooled over the top-5 EASE neighbours (explore-due.ts slift) when SMOOTH=1
    const lift = process.env['SMOOTH'] === '1' ? pooledSeason(st.season!, st.itemItem, 5) : Float32Array.from(st.season!);
    console.log(`--- ${day}`);
    const simCache = new Map<string, Float32Array>();
    const simOf = (c: string) => {
      let s = simCache.get(c);
      if (s) return s;
      s = itemItemScores(st, rowOf.get(c)!, 120);
      simCache.set(c, s);
      return s;
    };
    for (const H of (process.env['HS'] ?? '30').split(',').map(Number)) for (const beta of (process.env['BETAS'] ?? '5').split(',').map(Number)) {
      const t0 = Date.now();
      const T = transitions(ctx, bs, H, beta);
      console.error(`transitions H=${H} ${Date.now() - t0} ms`);
      for (const xhl of (process.env['XHL'] ?? '30,90').split(',').map(Number)) {
        const seqCache = new Map<string, Float32Array>();
        const seqOf = (c: string) => {
          let s = seqCache.get(c);
          if (s) return s;
          s = new Float32Array(n);
          let tot = 0;
          for (const x of ctx.hist.get(c)!) {
            const w = decay(now - x.times[x.times.length - 1], xhl);
            tot += w;
            const row = x.item * n;
            for (let j = 0; j < n; j++) s[j] += w * T[row + j];
          }
          for (let j = 0; j < n; j++) s[j] /= tot;
          seqCache.set(c, s);
          return s;
        };
        console.log(formatResult(`seq alone H=${H} β=${beta} xhl=${xhl}`, evaluateScorer(ctx, seqOf)));
        for (const [wo, wn] of (process.env['W'] ?? '0.2:0,0.5:0,0:0.1,0:0.2,0.2:0.1').split(',').map((s) => s.split(':').map(Number))) {
          const s: Scorer = (c) => {
            const row = rowOf.get(c)!;
            const prop = h.repeatPropensity![row];
            const rep = new Float32Array(n);
            for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) rep[h.items[a]] = h.decayed[a] * Math.sqrt(lift[h.items[a]] * st.repeatRate![h.items[a]]);
            const rm = maxOf(rep), sim = Float32Array.from(simOf(c)), sm = maxOf(sim), q0 = seqOf(c);
            const q = process.env['DIAG'] === '1' ? new Float32Array(n) : q0;
            if (process.env['DIAG'] === '1') for (const x of ctx.hist.get(c)!) q[x.item] = T[x.item * n + x.item] * decay(now - x.times[x.times.length - 1], 30);
            const owned = new Uint8Array(n);
            for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) owned[h.items[a]] = 1;
            let qo = 0, qn = 0;
            for (let j = 0; j < n; j++) if (owned[j]) qo = Math.max(qo, q[j]); else qn = Math.max(qn, q[j]);
            const out = new Float32Array(n);
            // SIMREP=e: own products' item-item score from an input row weighted by decayed^e
            const sr = Number(process.env['SIMREP'] ?? 0);
            const simOwn = sim;
            let smOwn = sm;
            if (sr > 0) {
              const s2 = new Float32Array(n);
              const nb = st.itemItem;
              for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
                const x = Math.pow(h.decayed[a], sr);
                for (let qq = h.items[a] * nb.width, e = qq + nb.width; qq < e && nb.index[qq] >= 0; qq++) s2[nb.index[qq]] += x * nb.weight[qq];
              }
              for (let j = 0; j < n; j++) s2[j] *= Math.sqrt(st.season![j]);
              smOwn = maxOf(s2);
              for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) simOwn[h.items[a]] = s2[h.items[a]];
            }
            for (let j = 0; j < n; j++) {
              out[j] = (prop * rep[j]) / rm + (0.35 * (owned[j] && sr > 0 ? simOwn[j] / smOwn : sim[j] / sm)) + (0.02 * st.trending[j]) / trMax;
              if (owned[j]) { if (qo > 0) out[j] += (wo * prop * q[j]) / qo; } else if (qn > 0) out[j] += (wn * q[j]) / qn;
            }
            return out;
          };
          console.log(formatResult(`  blend own+${wo} new+${wn}`, evaluateScorer(ctx, s)));
        }
      }
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
