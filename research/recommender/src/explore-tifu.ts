// TIFU-KNN (Hu et al. 2020) on cached states (harness/split-context.ts): personal vectors decayed by basket
// index within groups of m baskets (rb) and across groups (rg), blended with the mean vector of
// the k most similar customers (cosine on those vectors): alpha·own + (1-alpha)·neighbours.
// Evaluated alone and inside the shipped blend (replacing the repeat score, or as an extra term).
// `npx tsx --conditions=@reco/source research/recommender/src/explore-tifu.ts`
// Result (not adopted), Recall@20 all/new, shipped 0.2448/0.1176 (10-09), 0.2483/0.1132 (09-09):
// TIFU alone 0.223-0.231 all; TIFU personal vector as the repeat score 0.2419-0.2438 / 0.2435-
// 0.2469; shipped + 0.1·neighbours' vectors 0.2449-0.2456 all but "new" -0.003..-0.004; own
// products + what the 100 nearest customers bought in the last 30/60 days (RECENT_NB) ±0.0015.
import { initTensorFlow } from '@reco/ml';
import { buildSplitContext, evaluateScorer, formatResult, itemItemScores, loadPurchases, maxOf, splitDays, type Scorer, type SplitContext } from './harness';

type Vec = Map<number, number>;

function personal(ctx: SplitContext, c: string, m: number, rb: number, rg: number): Vec {
  const bts = ctx.basketTimes.get(c)!;
  const pos = new Map(bts.map((t, k) => [t, k]));
  const B = bts.length;
  const G = Math.ceil(B / m);
  // groups from the most recent: basket k (0 oldest) has back = B-1-k; group index from the end = floor(back/m)
  const w = new Float64Array(B);
  for (let k = 0; k < B; k++) {
    const back = B - 1 - k;
    const g = Math.floor(back / m); // 0 = most recent group
    const within = back % m;
    const size = g === G - 1 ? B - m * (G - 1) : m;
    w[k] = (Math.pow(rg, g) * Math.pow(rb, within)) / size / G;
  }
  const v: Vec = new Map();
  for (const x of ctx.hist.get(c)!) {
    let s = 0;
    for (const t of x.times) s += w[pos.get(t)!];
    v.set(x.item, s);
  }
  return v;
}

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 });
    const st = ctx.state, h = st.histories, n = st.productIds.length;
    const { rowOf } = ctx;
    const trMax = maxOf(st.trending);
    const custs = [...ctx.hist.keys()];
    console.log(`--- ${day}`);
    const simCache = new Map<string, Float32Array>();
    const simOf = (c: string) => {
      let s = simCache.get(c);
      if (s) return s;
      s = itemItemScores(st, rowOf.get(c)!, 120);
      simCache.set(c, s);
      return s;
    };
    for (const cfg of (process.env['CFG'] ?? '7:0.9:0.7,3:0.9:0.7,7:1:0.9,15:0.95:0.8').split(',')) {
      const [m, rb, rg] = cfg.split(':').map(Number);
      const vecs = new Map(custs.map((c) => [c, personal(ctx, c, m, rb, rg)]));
      const norm = new Map([...vecs].map(([c, v]) => [c, Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0))]));
      const inv: [number, number][][] = Array.from({ length: n }, () => []);
      custs.forEach((c, k) => { for (const [i, x] of vecs.get(c)!) inv[i].push([k, x]); });
      const knnCache = new Map<string, Float32Array>();
      const K = Number(process.env['K'] ?? 300);
      // Other customers by cosine similarity of their personal vectors to c's, most similar first.
      const nearest = (c: string): { cand: number[]; dot: Float64Array } => {
        const v = vecs.get(c)!;
        const dot = new Float64Array(custs.length);
        for (const [i, x] of v) for (const [u, y] of inv[i]) dot[u] += x * y;
        dot[custs.indexOf(c)] = 0;
        const cand: number[] = [];
        for (let u = 0; u < custs.length; u++) if (dot[u] > 0) { dot[u] /= norm.get(custs[u])! * norm.get(c)!; cand.push(u); }
        cand.sort((a, b) => dot[b] - dot[a]);
        return { cand, dot };
      };
      const neigh = (c: string): Float32Array => {
        let out = knnCache.get(c);
        if (out) return out;
        const { cand } = nearest(c);
        out = new Float32Array(n);
        const top = cand.slice(0, K);
        for (const u of top) for (const [i, y] of vecs.get(custs[u])!) out[i] += y / top.length;
        knnCache.set(c, out);
        return out;
      };
      for (const alpha of (process.env['ALPHA'] ?? '0.7,0.9,1').split(',').map(Number)) {
        const tifu = (c: string) => {
          const out = new Float32Array(n);
          if (alpha < 1) { const nb = neigh(c); for (let j = 0; j < n; j++) out[j] = (1 - alpha) * nb[j]; }
          for (const [i, x] of vecs.get(c)!) out[i] += alpha * x;
          return out;
        };
        console.log(formatResult(`tifu ${cfg} a=${alpha}`, evaluateScorer(ctx, (c) => { const t = tifu(c); for (let j = 0; j < n; j++) t[j] += 1e-9 * st.trending[j]; return t; })));
        if (alpha === 1) {
          // tifu personal vector as the repeat score inside the shipped blend
          for (const ii of [0.35]) {
            const s: Scorer = (c) => {
              const row = rowOf.get(c)!;
              const prop = h.repeatPropensity![row];
              const t = tifu(c);
              for (let j = 0; j < n; j++) if (t[j] > 0) t[j] *= Math.sqrt(st.season![j] * st.repeatRate![j]);
              const tm = maxOf(t), sim = simOf(c), sm = maxOf(sim);
              const out = new Float32Array(n);
              for (let j = 0; j < n; j++) out[j] = (prop * t[j]) / tm + (ii * sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
              return out;
            };
            console.log(formatResult(`  blend: tifu as repeat ii=${ii}`, evaluateScorer(ctx, s)));
          }
        } else if (process.env['RECENT_NB']) {
          // own products only: what the nearest customers bought in the last D days (lead-lag)
          const now = Date.parse(day + 'T00:00:00Z');
          for (const D of process.env['RECENT_NB'].split(',').map(Number)) {
            const recentSets = new Map(custs.map((c) => [c, ctx.hist.get(c)!.filter((x) => x.times[x.times.length - 1] >= now - D * 864e5).map((x) => x.item)]));
            const nbRecent = new Map<string, Float32Array>();
            const recentOf = (c: string) => {
              let out = nbRecent.get(c);
              if (out) return out;
              const { cand, dot } = nearest(c);
              out = new Float32Array(n);
              let tot = 0;
              for (const u of cand.slice(0, K)) { tot += dot[u]; for (const i of recentSets.get(custs[u])!) out[i] += dot[u]; }
              if (tot > 0) for (let j = 0; j < n; j++) out[j] /= tot;
              nbRecent.set(c, out);
              return out;
            };
            for (const wk of (process.env['WK'] ?? '0.1,0.2,0.4').split(',').map(Number)) for (const mode of ['add', 'mul']) {
              const s: Scorer = (c) => {
                const row = rowOf.get(c)!;
                const prop = h.repeatPropensity![row];
                const rep = new Float32Array(n);
                const nb = recentOf(c);
                for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
                  const i = h.items[a];
                  rep[i] = h.decayed[a] * Math.sqrt(st.season![i] * st.repeatRate![i]);
                  if (mode === 'mul') rep[i] *= Math.pow(nb[i] + 0.01, wk);
                }
                const rm = maxOf(rep), sim = simOf(c), sm = maxOf(sim);
                let om = 0;
                for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) om = Math.max(om, nb[h.items[a]]);
                const out = new Float32Array(n);
                for (let j = 0; j < n; j++) out[j] = (prop * rep[j]) / rm + (0.35 * sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
                if (mode === 'add' && om > 0) for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) out[h.items[a]] += (wk * prop * nb[h.items[a]]) / om;
                return out;
              };
              console.log(formatResult(`  own + ${mode} ${wk}·recent${D}d-knn(${cfg}) K=${K}`, evaluateScorer(ctx, s)));
            }
          }
          break;
        } else {
          for (const wk of (process.env['WK'] ?? '0.1,0.2').split(',').map(Number)) {
            // shipped blend + wk · neighbours' mean vector (new-item candidates and own re-ranking)
            const s: Scorer = (c) => {
              const row = rowOf.get(c)!;
              const prop = h.repeatPropensity![row];
              const rep = new Float32Array(n);
              for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) rep[h.items[a]] = h.decayed[a] * Math.sqrt(st.season![h.items[a]] * st.repeatRate![h.items[a]]);
              const rm = maxOf(rep), sim = simOf(c), sm = maxOf(sim), nb = neigh(c), nm = maxOf(nb);
              const out = new Float32Array(n);
              for (let j = 0; j < n; j++) out[j] = (prop * rep[j]) / rm + (0.35 * sim[j]) / sm + (0.02 * st.trending[j]) / trMax + (nm > 0 ? (wk * nb[j] * Math.sqrt(st.season![j])) / nm : 0);
              return out;
            };
            console.log(formatResult(`  blend + ${wk}·knn(${cfg})`, evaluateScorer(ctx, s)));
          }
          break;
        }
      }
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
