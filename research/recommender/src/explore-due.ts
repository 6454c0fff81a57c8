// Repurchase "due-ness" and a learned re-ranker of the customer's own products, on cached states
// (harness/split-context.ts). The re-ranker is fitted on an EARLIER split (labels = that split's 31-day truth,
// features before its cut-off) and applied at the later cut-off; never on the evaluated truth.
// `SPEC=lr npx tsx --conditions=@reco/source research/recommender/src/explore-due.ts`
// SPEC (comma list): own (single features as own-product orderings), lr, list (conditional
// logit), gbdt (with lr), mix (learned interleaving of own/new lists), cur (current repurchase
// rate), mom (momentum), wso, slift/slift2/slift3/slift4 (pooled season lift), theme, combo2,
// grid, chl (customer half-life), simrep. Recall@20 all, shipped = 0.2448 (10-09) / 0.2483
// (09-09) / 0.3195 (08-10) / 0.3279 (07-11); "new" unchanged unless said:
// - Own-product ordering alone: shipped 0.2333/0.2370; pointwise LR 0.2364/0.2384, listwise
//   0.2349/0.2364, even LR fitted on the evaluated truth itself 0.2342: these features (basket
//   counts, basket fractions, recency, due-ness, inter-purchase gaps, last-5/10-basket shares,
//   TIFU basket-index decay, rates, hazard) hold nothing the 240-day decayed count lacks. In the
//   blend: LR 0.2457/0.2470, listwise 0.2416/0.2444; GBDT (trees, earlier split) own-only
//   0.2367/0.2408 but blended 0.2451-0.2496/0.2456-0.2501 depending on weight and training
//   splits: unstable. Learned interleaving of the shipped own/new lists: 0.2448/0.2500.
// - Current (last 30/60 days) item repurchase rate, momentum, customer half-life by basket
//   count, recency-weighted propensity, separate item-item weight on own products, "theme"
//   (item-item from the last weeks' purchases): all within ±0.003 and not on both splits.
// - Adopted: the repeat score's seasonal lift pooled (geometric mean) with the item's 5
//   strongest item-item neighbours, the item weighted ½ (slift2 K=5 w0=0.5 eq): 0.2475 /
//   0.2487 / 0.3200 / 0.3267, i.e. +0.0027/+0.0004/+0.0005/-0.0012, "new" unchanged. Pooling
//   over bought-together neighbours or on the item-item score ("new" 0.1132 -> 0.109) did not.
import { initTensorFlow } from '@reco/ml';
import { DAY_MS, pooledSeason } from '@reco/recommendation-tools/model';
import { buildSplitContext, decay, evaluateScorer, formatResult, itemItemScores, loadPurchases, maxOf, seasonLiftOver, solveLinearSystem, splitDays, type Scorer, type SplitContext } from './harness';

const PREV: Record<string, string> = { '2011-10-09': '2011-09-09', '2011-09-09': '2011-08-10', '2011-08-10': '2011-07-11' };

interface Parts {
  row: number;
  prop: number;
  rep: Float32Array; // shipped repeat (unnormalised)
  sim: Float32Array; // shipped item-item × sqrt(season)
  items: number[]; // owned items
  feats: number[][]; // per owned item
}

export const FEATS = (process.env['FEATS'] ?? 'logb,frac,logAgeI,logAgeC,due,single,r5,r10,tifu,logRR,logSeason,logTrend,logProp,logB,logRate,logDec,logSim').split(',');

function partsOf(ctx: SplitContext) {
  const st = ctx.state;
  const h = st.histories;
  const n = st.productIds.length;
  const { rowOf } = ctx;
  const now = Date.parse(ctx.name + 'T00:00:00Z');
  const trMean = st.trending.reduce((a, b) => a + b, 0) / n;
  const cache = new Map<string, Parts>();
  const RB = Number(process.env['RB'] ?? 0.9);
  const SL = pooledSeason(st.season!, st.itemItem, 5);
  return (c: string): Parts => {
    let p = cache.get(c);
    if (p) return p;
    const row = rowOf.get(c)!;
    const rep = new Float32Array(n);
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
      const i = h.items[a];
      rep[i] = h.decayed[a] * Math.sqrt(st.season![i]) * Math.sqrt(st.repeatRate![i]);
    }
    const sim = itemItemScores(st, row, st.options.itemHalfLifeDays);
    const simMax = maxOf(sim) || 1;
    const bts = ctx.basketTimes.get(c)!;
    const B = bts.length;
    const idx = new Map(bts.map((t, k) => [t, k]));
    const ageC = (now - bts[B - 1]) / DAY_MS;
    const spanC = (now - bts[0]) / DAY_MS;
    const rate = (B / (spanC + 30)) * 30;
    const prop = h.repeatPropensity![row];
    let tifuNorm = 0;
    for (let k = 0; k < B; k++) tifuNorm += Math.pow(RB, k);
    const items: number[] = [];
    const feats: number[][] = [];
    let repMax = 0;
    for (const x of ctx.hist.get(c)!) repMax = Math.max(repMax, rep[x.item]);
    for (const x of ctx.hist.get(c)!) {
      const i = x.item;
      const b = x.baskets;
      const first = x.times[0], last = x.times[b - 1];
      const ageI = (now - last) / DAY_MS;
      const gap = b > 1 ? (last - first) / DAY_MS / (b - 1) : 0;
      let r5 = 0, r10 = 0, tifu = 0;
      for (const t of x.times) {
        const after = B - 1 - idx.get(t)!;
        if (after < 5) r5++;
        if (after < 10) r10++;
        tifu += Math.pow(RB, after);
      }
      const f: Record<string, number> = {
        logb: Math.log1p(b),
        frac: b / B,
        logAgeI: Math.log1p(ageI),
        logAgeC: Math.log1p(ageC),
        due: b > 1 ? Math.max(-3, Math.min(3, Math.log((ageI + 7) / (gap + 7)))) : 0,
        single: b === 1 ? 1 : 0,
        r5: r5 / Math.min(5, B),
        r10: r10 / Math.min(10, B),
        tifu: tifu / tifuNorm,
        logRR: Math.log(st.repeatRate![i]),
        logSeason: Math.log(st.season![i]),
        logTrend: Math.log((st.trending[i] + 0.1) / trMean),
        logProp: Math.log(prop),
        logB: Math.log(B),
        logRate: Math.log(rate),
        logDec: Math.log(h.decayed[h.offsets[row]] > 0 ? rep[i] / Math.sqrt(st.season![i]) / Math.sqrt(st.repeatRate![i]) : 1e-6),
        logSim: Math.log(1e-3 + Math.max(0, sim[i]) / simMax),
        hazard: 1 - Math.exp(-(b / (spanC + 30)) * 30),
        ageIxSingle: b === 1 ? Math.log1p(ageI) : 0,
        logbxAge: Math.log1p(b) * Math.log1p(ageI),
        ship: (prop * rep[i]) / repMax + (0.35 * sim[i]) / simMax,
        logShip: Math.log((prop * rep[i]) / repMax + (0.35 * Math.max(0, sim[i])) / simMax),
        repN: rep[i] / repMax,
        logSL: Math.log(SL[i]),
        logRepSL: Math.log((prop * rep[i] * Math.sqrt(SL[i] / st.season![i])) / repMax),
      };
      items.push(i);
      feats.push(FEATS.map((k) => f[k]));
    }
    p = { row, prop, rep, sim, items, feats };
    cache.set(c, p);
    return p;
  };
}

/**
 * One L2-regularised Newton step on `w` from the gradient `g` and the upper triangle of the
 * Hessian `H` (weights before `firstPenalised` unpenalised); returns the largest change.
 */
function newtonStep(w: number[], g: number[], H: number[][], l2: number, firstPenalised: number): number {
  const d = w.length;
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) H[a][b] = H[b][a];
  for (let a = firstPenalised; a < d; a++) { g[a] += l2 * w[a]; H[a][a] += l2; }
  const step = solveLinearSystem(H, g);
  let mx = 0;
  for (let a = 0; a < d; a++) { w[a] -= step[a]; mx = Math.max(mx, Math.abs(step[a])); }
  return mx;
}
function fitLR(X: number[][], y: number[], l2: number): { w: number[]; mu: number[]; sd: number[] } {
  const d0 = X[0].length;
  const mu = new Array(d0).fill(0), sd = new Array(d0).fill(0);
  for (const x of X) x.forEach((v, k) => (mu[k] += v / X.length));
  for (const x of X) x.forEach((v, k) => (sd[k] += (v - mu[k]) ** 2 / X.length));
  for (let k = 0; k < d0; k++) sd[k] = Math.sqrt(sd[k]) || 1;
  const Z = X.map((x) => [1, ...x.map((v, k) => (v - mu[k]) / sd[k])]);
  const d = d0 + 1;
  const w = new Array(d).fill(0);
  for (let it = 0; it < 25; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (let r = 0; r < Z.length; r++) {
      const z = Z[r];
      let s = 0;
      for (let k = 0; k < d; k++) s += w[k] * z[k];
      const p = 1 / (1 + Math.exp(-s));
      const e = p - y[r], v = p * (1 - p);
      for (let a = 0; a < d; a++) { g[a] += e * z[a]; const va = v * z[a]; for (let b = a; b < d; b++) H[a][b] += va * z[b]; }
    }
    if (newtonStep(w, g, H, l2, 1) < 1e-7) break;
  }
  return { w, mu, sd };
}
/** Conditional logit per customer (softmax over the customer's own products, all positives): ranks within a customer. */
function fitListwise(groups: { X: number[][]; y: number[] }[], l2: number): { w: number[]; mu: number[]; sd: number[] } {
  const all = groups.flatMap((g) => g.X);
  const d = all[0].length;
  const mu = new Array(d).fill(0), sd = new Array(d).fill(0);
  for (const x of all) x.forEach((v, k) => (mu[k] += v / all.length));
  for (const x of all) x.forEach((v, k) => (sd[k] += (v - mu[k]) ** 2 / all.length));
  for (let k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k]) || 1;
  const Gs = groups.filter((g) => g.y.some((v) => v > 0)).map((g) => ({ Z: g.X.map((x) => x.map((v, k) => (v - mu[k]) / sd[k])), y: g.y }));
  const w = new Array(d).fill(0);
  for (let it = 0; it < 30; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (const { Z, y } of Gs) {
      const P = y.reduce((a, b) => a + b, 0);
      const s = Z.map((z) => z.reduce((a, v, k) => a + v * w[k], 0));
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m));
      const tot = e.reduce((a, b) => a + b, 0);
      const mean = new Array(d).fill(0);
      Z.forEach((z, r) => { const p = e[r] / tot; for (let k = 0; k < d; k++) mean[k] += p * z[k]; });
      Z.forEach((z, r) => {
        const p = e[r] / tot;
        for (let k = 0; k < d; k++) g[k] += P * p * z[k] - y[r] * z[k];
        for (let a = 0; a < d; a++) { const pa = P * p * z[a]; for (let b = a; b < d; b++) H[a][b] += pa * z[b]; }
      });
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) H[a][b] -= P * mean[a] * mean[b];
    }
    if (newtonStep(w, g, H, l2, 0) < 1e-7) break;
  }
  return { w: [0, ...w], mu, sd };
}
const logit = (m: { w: number[]; mu: number[]; sd: number[] }, x: number[]) => {
  let s = m.w[0];
  for (let k = 0; k < x.length; k++) s += (m.w[k + 1] * (x[k] - m.mu[k])) / m.sd[k];
  return s;
};
/** Small gradient-boosted trees (logistic loss, quantile bins, depth-limited), for the upside check. */
interface Tree { f: Int32Array; thr: Float64Array; leaf: Float64Array; depth: number }
function fitGbdt(X: number[][], y: number[], trees: number, depth: number, lr: number, minHess = 20): { base: number; trees: Tree[]; } {
  const N = X.length, d = X[0].length, NB = 32;
  const cuts: number[][] = [];
  for (let k = 0; k < d; k++) {
    const v = X.map((x) => x[k]).sort((a, b) => a - b);
    const c = new Set<number>();
    for (let b = 1; b < NB; b++) c.add(v[Math.floor((b * N) / NB)]);
    cuts.push([...c].sort((a, b) => a - b));
  }
  const bin = X.map((x) => x.map((v, k) => { let lo = 0, hi = cuts[k].length; while (lo < hi) { const m = (lo + hi) >> 1; if (v > cuts[k][m]) lo = m + 1; else hi = m; } return lo; }));
  const pos = y.reduce((a, b) => a + b, 0) / N;
  const base = Math.log(pos / (1 - pos));
  const F = new Float64Array(N).fill(base);
  const out: Tree[] = [];
  const nodes = (1 << depth) - 1;
  for (let t = 0; t < trees; t++) {
    const g = new Float64Array(N), h = new Float64Array(N);
    for (let r = 0; r < N; r++) { const p = 1 / (1 + Math.exp(-F[r])); g[r] = p - y[r]; h[r] = Math.max(1e-6, p * (1 - p)); }
    const node = new Int32Array(N); // heap index
    const tf = new Int32Array(nodes).fill(-1), tb = new Int32Array(nodes);
    for (let lvl = 0; lvl < depth; lvl++) {
      const first = (1 << lvl) - 1, count = 1 << lvl;
      const G = new Float64Array(count * d * (NB + 1)), H = new Float64Array(count * d * (NB + 1));
      for (let r = 0; r < N; r++) {
        const nd = node[r] - first;
        if (nd < 0 || nd >= count) continue;
        const br = bin[r];
        for (let k = 0; k < d; k++) { const o = (nd * d + k) * (NB + 1) + br[k]; G[o] += g[r]; H[o] += h[r]; }
      }
      for (let nd = 0; nd < count; nd++) {
        let best = 0, bf = -1, bb = 0;
        for (let k = 0; k < d; k++) {
          let gt = 0, ht = 0;
          for (let b = 0; b <= NB; b++) { gt += G[(nd * d + k) * (NB + 1) + b]; ht += H[(nd * d + k) * (NB + 1) + b]; }
          let gl = 0, hl = 0;
          for (let b = 0; b < NB; b++) {
            gl += G[(nd * d + k) * (NB + 1) + b]; hl += H[(nd * d + k) * (NB + 1) + b];
            const gr = gt - gl, hr = ht - hl;
            if (hl < minHess || hr < minHess) continue;
            const gain = (gl * gl) / (hl + 1) + (gr * gr) / (hr + 1) - (gt * gt) / (ht + 1);
            if (gain > best) { best = gain; bf = k; bb = b; }
          }
        }
        tf[first + nd] = bf; tb[first + nd] = bb;
      }
      for (let r = 0; r < N; r++) {
        const nd = node[r];
        if (nd < first || nd >= first + count) continue;
        const f = tf[nd];
        node[r] = f < 0 ? 2 * nd + 1 : bin[r][f] <= tb[nd] ? 2 * nd + 1 : 2 * nd + 2;
      }
    }
    const leaves = 1 << depth;
    const lg = new Float64Array(leaves), lh = new Float64Array(leaves);
    for (let r = 0; r < N; r++) { const l = node[r] - nodes; lg[l] += g[r]; lh[l] += h[r]; }
    const leaf = Float64Array.from(lg, (v, l) => (-v / (lh[l] + 1)) * lr);
    for (let r = 0; r < N; r++) F[r] += leaf[node[r] - nodes];
    const thr = Float64Array.from(tb, (b, nd) => (tf[nd] < 0 ? 0 : b >= cuts[tf[nd]].length ? Infinity : cuts[tf[nd]][b]));
    out.push({ f: tf, thr, leaf, depth });
  }
  return { base, trees: out };
}
function gbdtScore(m: { base: number; trees: Tree[] }, x: number[]): number {
  let s = m.base;
  for (const t of m.trees) {
    let nd = 0;
    for (let l = 0; l < t.depth; l++) { const f = t.f[nd]; nd = f < 0 ? 2 * nd + 1 : x[f] <= t.thr[nd] ? 2 * nd + 1 : 2 * nd + 2; }
    s += t.leaf[nd - ((1 << t.depth) - 1)];
  }
  return s;
}
const predict = (m: { w: number[]; mu: number[]; sd: number[] }, x: number[]) => {
  let s = m.w[0];
  for (let k = 0; k < x.length; k++) s += (m.w[k + 1] * (x[k] - m.mu[k])) / m.sd[k];
  return 1 / (1 + Math.exp(-s));
};

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  const ctxCache = new Map<string, SplitContext>();
  const ctxOf = (d: string) => { let c = ctxCache.get(d); if (!c) ctxCache.set(d, (c = buildSplitContext(rows, d, { seasonWindowDays: 14 }))); return c; };
  const spec = (process.env['SPEC'] ?? 'lr').split(',');
  for (const day of splitDays()) {
    const ctx = ctxOf(day);
    const st = ctx.state;
    const n = st.productIds.length;
    const parts = partsOf(ctx);
    const trMax = maxOf(st.trending);
    // The adopted repeat-score lift: pooled over the 5 strongest item-item neighbours (slift2 K=5 w0=0.5 eq).
    const pooledLift = pooledSeason(st.season!, st.itemItem, 5);
    console.log(`--- ${day}`);
    // shipped replica, with the own-product score replaceable
    const blend = (own: ((p: Parts, k: number) => number) | null, wOwn: number, ii = 0.35, pw = 0.02): Scorer => (c) => {
      const p = parts(c);
      const out = new Float32Array(n);
      const sm = maxOf(p.sim);
      for (let j = 0; j < n; j++) out[j] = (sm > 0 ? (ii * p.sim[j]) / sm : 0) + (pw * st.trending[j]) / trMax;
      if (!own) {
        const rm = maxOf(p.rep);
        for (const i of p.items) out[i] += (p.prop * p.rep[i]) / rm;
      } else {
        const v = p.items.map((_, k) => own(p, k));
        const vm = process.env['NORM'] === '0' ? 1 : Math.max(...v);
        p.items.forEach((i, k) => (out[i] += (wOwn * v[k]) / vm));
      }
      return out;
    };
    const run = (name: string, s: Scorer) => console.log(formatResult(name, evaluateScorer(ctx, s)));
    run('shipped replica', blend(null, 1));
    // own products only (the rest -1e9): which past products come back
    const ownOnly = (f: (p: Parts, k: number) => number): Scorer => (c) => {
      const p = parts(c);
      const out = new Float32Array(n).fill(-1e9);
      p.items.forEach((i, k) => (out[i] = f(p, k) + 1e-6 * st.trending[i] / trMax));
      return out;
    };
    // The replica with the own products' repeat score (and weight) replaced; item-item and popularity as shipped.
    const withRepeat = (p: Parts, repOf: (i: number) => number, prop = p.prop): Float32Array => {
      const out = new Float32Array(n);
      const sm = maxOf(p.sim);
      for (let j = 0; j < n; j++) out[j] = (0.35 * p.sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
      const rep = p.items.map((i) => repOf(i));
      const rm = Math.max(...rep);
      p.items.forEach((i, k) => (out[i] += (prop * rep[k]) / rm));
      return out;
    };
    const runRepeat = (name: string, repOf: (p: Parts, i: number) => number) =>
      run(name, (c) => {
        const p = parts(c);
        return withRepeat(p, (i) => repOf(p, i));
      });
    // Boosted trees on (X, y), scored on the own-product features: alone, as the repeat score, replacing repeat + item-item.
    const runGbdt = (X: number[][], y: number[]) => {
      for (const [T, D, LR] of (process.env['GB'] ?? '100:3:0.1,200:4:0.05').split(',').map((s) => s.split(':').map(Number))) {
        const t0 = Date.now();
        const m = fitGbdt(X, y, T, D, LR);
        console.error(`gbdt ${T}:${D}:${LR} ${Date.now() - t0} ms`);
        run(`own: gbdt ${T}:${D}:${LR}`, ownOnly((p, k) => gbdtScore(m, p.feats[k])));
        for (const w of (process.env['WOWN'] ?? '1').split(',').map(Number)) run(`gbdt ${T}:${D}:${LR} prop·sigmoid·w=${w}`, blend((p, k) => p.prop / (1 + Math.exp(-gbdtScore(m, p.feats[k]))), w));
        for (const w of (process.env["WREP"] ?? "1.4,1.7,2,2.5").split(",").map(Number)) run(`gbdt ${T}:${D}:${LR} own replaces rep+sim w=${w}`, (c) => {
          const p = parts(c);
          const out = new Float32Array(n);
          const sm = maxOf(p.sim);
          for (let j = 0; j < n; j++) out[j] = (0.35 * p.sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
          const v = p.items.map((_, k) => 1 / (1 + Math.exp(-gbdtScore(m, p.feats[k]))));
          const vm = Math.max(...v);
          p.items.forEach((i, k) => (out[i] = (w * p.prop * v[k]) / vm + (0.02 * st.trending[i]) / trMax));
          return out;
        });
      }
    };
    if (spec.includes('own')) {
      run('own: shipped rep', ownOnly((p, k) => p.rep[p.items[k]]));
      for (const name of FEATS) { const a = FEATS.indexOf(name); run(`own: ${name}`, ownOnly((p, k) => p.feats[k][a])); }
    }
    if (spec.includes('cur')) {
      // Current repurchase rate per item: among customers who owned it before T-W and shopped in
      // [T-W, T), the share who bought it again there (smoothed, over the average).
      const now = Date.parse(day + 'T00:00:00Z');
      const curRate = (W: number, a: number) => {
        const from = now - W * DAY_MS;
        const el = new Float64Array(n), rp = new Float64Array(n);
        for (const [c, hs] of ctx.hist) {
          const bts = ctx.basketTimes.get(c)!;
          if (bts[bts.length - 1] < from || bts[0] >= from) continue;
          for (const x of hs) if (x.times[0] < from) { el[x.item]++; if (x.times[x.times.length - 1] >= from) rp[x.item]++; }
        }
        const prior = rp.reduce((u, v) => u + v, 0) / el.reduce((u, v) => u + v, 0);
        const out = new Float32Array(n);
        for (let j = 0; j < n; j++) out[j] = (rp[j] + a * prior) / (el[j] + a) / prior;
        return out;
      };
      for (const W of (process.env['CW'] ?? '30,60').split(',').map(Number)) for (const a of (process.env['CA'] ?? '5,20').split(',').map(Number)) {
        const cr = curRate(W, a);
        run(`own: rep×cur W=${W} a=${a}`, ownOnly((p, k) => p.rep[p.items[k]] * Math.sqrt(cr[p.items[k]])));
        for (const g of (process.env['CG'] ?? '0.25,0.5,1').split(',').map(Number)) {
          run(`cur W=${W} a=${a} g=${g}`, blend((p, k) => p.prop * p.rep[p.items[k]] * Math.pow(cr[p.items[k]], g), 1));
          run(`cur W=${W} a=${a} g=${g} -rr`, blend((p, k) => p.prop * p.rep[p.items[k]] / Math.sqrt(st.repeatRate![p.items[k]]) * Math.pow(cr[p.items[k]], g), 1));
          run(`cur W=${W} a=${a} g=${g} -rr-season`, blend((p, k) => p.prop * p.rep[p.items[k]] / Math.sqrt(st.repeatRate![p.items[k]] * st.season![p.items[k]]) * Math.pow(cr[p.items[k]], g), 1));
        }
      }
    }
    if (spec.includes('mix')) {
      // Keep the shipped order within own and within new products; learn only the interleaving:
      // P(hit | list, rank, customer) fitted on the earlier split, merged by probability.
      const DEPTH = 40;
      const lists = (cx: SplitContext, pp: ReturnType<typeof partsOf>, c: string) => {
        const p = pp(c);
        const nn = cx.state.productIds.length;
        const tm = maxOf(cx.state.trending);
        const sm = maxOf(p.sim), rm = maxOf(p.rep);
        const sc = new Float32Array(nn);
        for (let j = 0; j < nn; j++) sc[j] = (sm > 0 ? (0.35 * p.sim[j]) / sm : 0) + (0.02 * cx.state.trending[j]) / tm;
        const base = Float32Array.from(sc);
        for (const i of p.items) sc[i] += (p.prop * p.rep[i]) / rm;
        const own = new Set(p.items);
        const ownL = p.items.slice().sort((a, b) => sc[b] - sc[a]).slice(0, DEPTH);
        const newL: number[] = [];
        const idx = [...Array(nn).keys()].filter((j) => !own.has(j)).sort((a, b) => base[b] - base[a]).slice(0, DEPTH);
        newL.push(...idx);
        const bts = cx.basketTimes.get(c)!;
        const nowT = Date.parse(cx.name + 'T00:00:00Z');
        const cf = [Math.log(p.items.length), Math.log(bts.length), Math.log(p.prop), Math.log1p((nowT - bts[bts.length - 1]) / DAY_MS)];
        const feat = (isOwn: boolean, r: number, j: number, top: number) => {
          const f = [Math.log(r + 1), sc[j] / (top || 1), ...cf];
          const z = f.map(() => 0);
          return isOwn ? [1, ...f, ...z] : [0, ...z, ...f];
        };
        const rows: { j: number; x: number[] }[] = [];
        ownL.forEach((j, r) => rows.push({ j, x: feat(true, r, j, sc[ownL[0]]) }));
        newL.forEach((j, r) => rows.push({ j, x: feat(false, r, j, base[newL[0]]) }));
        return rows;
      };
      const tc = ctxOf(PREV[day]);
      const tp = partsOf(tc);
      const X: number[][] = [], y: number[] = [];
      for (const cs of tc.cases.all) for (const { j, x } of lists(tc, tp, cs.customerId)) { X.push(x); y.push(cs.truth.has(tc.state.productIds[j]) ? 1 : 0); }
      if (spec.includes('gbdt')) runGbdt(X, y);
      for (const l2 of (process.env['L2'] ?? '1').split(',').map(Number)) {
        const m = fitLR(X, y, l2);
        console.log(`mix l2=${l2}: ` + m.w.map((v) => v.toFixed(2)).join(' '));
        run(`mix merge by P`, (c) => {
          const out = new Float32Array(n).fill(-1e9);
          for (const { j, x } of lists(ctx, parts, c)) out[j] = predict(m, x);
          return out;
        });
      }
    }
    if (spec.includes('mom')) {
      // Momentum: distinct buyers in the last W days over the W days before (smoothed, over totals).
      const now = Date.parse(day + 'T00:00:00Z');
      const mom = (W: number, a: number) => {
        const r = new Float64Array(n), q = new Float64Array(n);
        for (const hs of ctx.hist.values()) for (const x of hs) {
          if (x.times.some((t) => t >= now - W * DAY_MS)) r[x.item]++;
          if (x.times.some((t) => t >= now - 2 * W * DAY_MS && t < now - W * DAY_MS)) q[x.item]++;
        }
        let rt = 0, qt = 0;
        for (let j = 0; j < n; j++) { rt += r[j] + a; qt += q[j] + a; }
        const out = new Float32Array(n);
        for (let j = 0; j < n; j++) out[j] = (r[j] + a) / rt / ((q[j] + a) / qt);
        return out;
      };
      for (const W of (process.env['MW'] ?? '14,28').split(',').map(Number)) for (const a of (process.env['MA'] ?? '2,10').split(',').map(Number)) {
        const mm = mom(W, a);
        for (const [gr, gs] of [[0.25, 0], [0.5, 0], [0, 0.25], [0, 0.5], [0.25, 0.25]]) {
          run(`mom W=${W} a=${a} rep^${gr} sim^${gs}`, (c) => {
            const p = parts(c);
            const out = new Float32Array(n);
            const sim = p.sim.map((v, j) => v * Math.pow(mm[j], gs));
            const sm = maxOf(sim);
            for (let j = 0; j < n; j++) out[j] = (0.35 * sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
            const rep = p.items.map((i) => p.rep[i] * Math.pow(mm[i], gr));
            const rm = Math.max(...rep);
            p.items.forEach((i, k) => (out[i] += (p.prop * rep[k]) / rm));
            return out;
          });
        }
      }
    }
    if (spec.includes('wso')) {
      // item-item weight on own products separately from new ones
      for (const wso of [0.2, 0.5, 0.7, 1]) run(`wso=${wso}`, blend((p, k) => {
        const i = p.items[k];
        const rm = Math.max(...p.items.map((j) => p.rep[j])), sm = maxOf(p.sim);
        return (p.prop * p.rep[i]) / rm + ((wso - 0.35) * p.sim[i]) / sm;
      }, 1));
    }
    if (spec.includes('slift')) {
      // season lift smoothed over the item's neighbours (bought-together or item-item): rarely
      // bought items borrow the seasonality of what they sell with
      for (const src of ['bt', 'ease']) for (const K of [5, 20]) for (const w0 of [0.5, 1, 2]) {
        const nb = src === 'bt' ? st.boughtTogether : st.itemItem;
        const L = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          let num = w0 * Math.log(st.season![i]), den = w0, cnt = 0;
          for (let q = i * nb.width, e = q + nb.width; q < e && nb.index[q] >= 0 && cnt < K; q++, cnt++) {
            const w = src === 'bt' ? nb.weight[q] : 1 / K;
            num += w * Math.log(st.season![nb.index[q]]);
            den += w;
          }
          L[i] = Math.exp(num / den);
        }
        for (const [er, es] of [[0.5, 0.5], [0.5, 0], [1, 0.5]]) run(`slift ${src} K=${K} w0=${w0} rep^${er} sim^${es}`, (c) => {
          const p = parts(c);
          const out = new Float32Array(n);
          const sim = p.sim.map((v, j) => (es ? (v / Math.sqrt(st.season![j])) * Math.pow(L[j], es) : v));
          const sm = maxOf(sim);
          for (let j = 0; j < n; j++) out[j] = (0.35 * sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
          const rep = p.items.map((i) => (p.rep[i] / Math.sqrt(st.season![i])) * Math.pow(L[i], er));
          const rm = Math.max(...rep);
          p.items.forEach((i, k) => (out[i] += (p.prop * rep[k]) / rm));
          return out;
        });
      }
    }
    if (spec.includes('slift2')) {
      // variants of the EASE-neighbour smoothed season lift on the repeat score
      const smooth = (K: number, w0: number, weighted: boolean, base: Float32Array) => {
        const nb = st.itemItem;
        const L = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          let tot = 0, cnt = 0;
          for (let q = i * nb.width, e = q + nb.width; q < e && nb.index[q] >= 0 && cnt < K; q++, cnt++) tot += weighted ? nb.weight[q] : 1;
          let num = w0 * Math.log(base[i]), den = w0;
          cnt = 0;
          for (let q = i * nb.width, e = q + nb.width; q < e && nb.index[q] >= 0 && cnt < K; q++, cnt++) {
            const w = (weighted ? nb.weight[q] : 1) / tot;
            num += w * Math.log(base[nb.index[q]]);
            den += w;
          }
          L[i] = Math.exp(num / den);
        }
        return L;
      };
      for (const K of [3, 5, 10]) for (const w0 of [0.5, 1]) for (const weighted of [false, true]) {
        const L = smooth(K, w0, weighted, st.season!);
        for (const er of [0.5, 0.75]) runRepeat(`slift2 K=${K} w0=${w0} ${weighted ? 'wt' : 'eq'} rep^${er}`, (p, i) => (p.rep[i] / Math.sqrt(st.season![i])) * Math.pow(L[i], er));
      }
    }
    if (spec.includes('slift3')) {
      // season priors, and the repeat rate smoothed the same way
      const smooth = (K: number, w0: number, base: Float32Array) => pooledSeason(base, st.itemItem, K, w0);
      const runWith = (name: string, S: Float32Array, R: Float32Array) =>
        runRepeat(name, (p, i) => (p.rep[i] / Math.sqrt(st.season![i] * st.repeatRate![i])) * Math.sqrt(S[i] * R[i]));
      for (const [pr, pa] of [[1, 10], [0.5, 5], [2, 20], [1, 30], [3, 10]]) {
        const S = seasonLiftOver(st, 14, pr, pa);
        runWith(`season prior ${pr}/${pa} raw`, S, st.repeatRate!);
        runWith(`season prior ${pr}/${pa} smooth5`, smooth(5, 0.5, S), st.repeatRate!);
      }
      runWith(`smooth5 season + smooth5 repeatRate`, smooth(5, 0.5, st.season!), smooth(5, 0.5, st.repeatRate!));
      runWith(`smooth5 season + smooth5 repeatRate w0=2`, smooth(5, 0.5, st.season!), smooth(5, 2, st.repeatRate!));
    }
    if (spec.includes('slift4')) {
      // multi-window lifts (geometric mean of 7/14/28-day), smoothed over EASE neighbours
      const smooth = (K: number, w0: number, base: Float32Array) => pooledSeason(base, st.itemItem, K, w0);
      const geo = (...ls: Float32Array[]) => Float32Array.from({ length: n }, (_, j) => Math.exp(ls.reduce((a, l) => a + Math.log(l[j]), 0) / ls.length));
      const runWith = (name: string, S: Float32Array, e = 0.5) => runRepeat(name, (p, i) => (p.rep[i] / Math.sqrt(st.season![i])) * Math.pow(S[i], e));
      const s7 = seasonLiftOver(st, 7), s14 = seasonLiftOver(st, 14), s28 = seasonLiftOver(st, 28);
      runWith('geo 7/14/28 raw', geo(s7, s14, s28));
      runWith('geo 7/14/28 smooth5', smooth(5, 0.5, geo(s7, s14, s28)));
      runWith('geo 14/28 smooth5', smooth(5, 0.5, geo(s14, s28)));
      runWith('14 smooth5 e=0.6', smooth(5, 0.5, s14), 0.6);
      runWith('14 smooth5 e=0.4', smooth(5, 0.5, s14), 0.4);
      runWith('14 smooth5 twice', smooth(5, 0.5, smooth(5, 0.5, s14)));
    }
    if (spec.includes('theme')) {
      // smoothed lift on repeat (kept) + the customer's current theme: item-item scores of own
      // products from a short-half-life input row (what they bought lately)
      const nbr = st.itemItem;
      const now = Date.parse(day + 'T00:00:00Z');
      for (const hl of [0, 14, 30, 60]) for (const w of hl === 0 ? [0] : [0.1, 0.2, 0.35]) run(`theme hl=${hl} w=${w}`, (c) => {
        const p = parts(c);
        const out = withRepeat(p, (i) => (p.rep[i] / Math.sqrt(st.season![i])) * Math.sqrt(pooledLift[i]));
        if (w > 0) {
          const th = new Float32Array(n);
          for (const x of ctx.hist.get(c)!) {
            const wt = decay(now - x.times[x.times.length - 1], hl);
            for (let q = x.item * nbr.width, e = q + nbr.width; q < e && nbr.index[q] >= 0; q++) th[nbr.index[q]] += wt * nbr.weight[q];
          }
          let tm = 0;
          for (const i of p.items) tm = Math.max(tm, th[i] * Math.sqrt(st.season![i]));
          if (tm > 0) for (const i of p.items) out[i] += (w * p.prop * th[i] * Math.sqrt(st.season![i])) / tm;
        }
        return out;
      });
    }
    if (spec.includes('combo2')) {
      const now = Date.parse(day + 'T00:00:00Z');
      // recency-weighted propensity: share of items in baskets after the first already bought before, each basket weighted by decay(hl)
      const propOf = (c: string, hl: number) => {
        const bts = ctx.basketTimes.get(c)!;
        const firstSeen = new Map<number, number>();
        for (const x of ctx.hist.get(c)!) firstSeen.set(x.item, x.times[0]);
        let rep = 0, tot = 0;
        for (const x of ctx.hist.get(c)!) for (const t of x.times) if (t > bts[0]) { const w = decay(now - t, hl); tot += w; if (t > firstSeen.get(x.item)!) rep += w; }
        return { rep, tot };
      };
      const props = new Map<number, Map<string, number>>();
      for (const hl of [60, 120]) {
        let R = 0, T = 0;
        const raw = new Map<string, { rep: number; tot: number }>();
        for (const c of ctx.hist.keys()) { const r = propOf(c, hl); raw.set(c, r); R += r.rep; T += r.tot; }
        const pr = R / T;
        props.set(hl, new Map([...raw].map(([c, r]) => [c, (r.rep + 3 * pr) / (r.tot + 3) / pr])));
      }
      for (const v of ['base', 'simOwnL', 'prop60', 'prop120']) run(`combo2 smoothed + ${v}`, (c) => {
        const p = parts(c);
        const prop = v === 'prop60' ? props.get(60)!.get(c)! : v === 'prop120' ? props.get(120)!.get(c)! : p.prop;
        const out = withRepeat(p, (i) => (p.rep[i] / Math.sqrt(st.season![i])) * Math.sqrt(pooledLift[i]), prop);
        const sm = maxOf(p.sim);
        if (v === 'simOwnL') for (const i of p.items) out[i] += (0.35 * (p.sim[i] / Math.sqrt(st.season![i])) * (Math.sqrt(pooledLift[i]) - Math.sqrt(st.season![i]))) / sm;
        return out;
      });
    }
    if (spec.includes('grid')) {
      // with the smoothed lift: repeat half-life, lift and repeat-rate exponents, item-item weight
      for (const hl of [180, 240, 365]) for (const [el, er, ii] of [[0.5, 0.5, 0.35], [0.5, 0.75, 0.35], [0.75, 0.5, 0.35], [0.5, 0.5, 0.25], [0.5, 0.5, 0.45]]) run(`grid hl=${hl} lift^${el} rr^${er} ii=${ii}`, (c) => {
        const p = parts(c);
        const out = new Float32Array(n);
        const sm = maxOf(p.sim);
        for (let j = 0; j < n; j++) out[j] = (ii * p.sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
        const rep = ctx.hist.get(c)!.map((x) => x.times.reduce((a, t) => a + decay(ctx.trainedUntil - t, hl), 0) * Math.pow(pooledLift[x.item], el) * Math.pow(st.repeatRate![x.item], er));
        const rm = Math.max(...rep);
        ctx.hist.get(c)!.forEach((x, k) => (out[x.item] += (p.prop * rep[k]) / rm));
        return out;
      });
    }
    if (spec.includes('simrep')) {
      // item-item scores from an input row weighted by the repeat score (frequency × recency)
      // instead of the recency of the last purchase; on own products only, or everywhere
      const nbr = st.itemItem;
      for (const [where, pw] of [['none', 0], ['own', 0.5], ['own', 1], ['all', 0.5], ['all', 1]] as const) run(`simrep ${where} input=dec^${pw}`, (c) => {
        const p = parts(c);
        const out = new Float32Array(n);
        let sim = p.sim;
        if (where !== 'none') {
          const row = ctx.rowOf.get(c)!;
          const s2 = new Float32Array(n);
          for (let a = st.histories.offsets[row]; a < st.histories.offsets[row + 1]; a++) {
            const x = Math.pow(st.histories.decayed[a], pw);
            for (let q = st.histories.items[a] * nbr.width, e = q + nbr.width; q < e && nbr.index[q] >= 0; q++) s2[nbr.index[q]] += x * nbr.weight[q];
          }
          for (let j = 0; j < n; j++) s2[j] *= Math.sqrt(st.season![j]);
          sim = s2;
        }
        const sm0 = maxOf(p.sim), sm = maxOf(sim);
        for (let j = 0; j < n; j++) out[j] = (0.35 * (where === 'all' ? sim[j] / sm : p.sim[j] / sm0)) + (0.02 * st.trending[j]) / trMax;
        if (where === 'own') for (const i of p.items) out[i] += 0.35 * (sim[i] / sm - p.sim[i] / sm0);
        const rep = p.items.map((i) => (p.rep[i] / Math.sqrt(st.season![i])) * Math.sqrt(pooledLift[i]));
        const rm = Math.max(...rep);
        p.items.forEach((i, k) => (out[i] += (p.prop * rep[k]) / rm));
        return out;
      });
    }
    if (spec.includes('chl')) {
      // customer-dependent repeat half-life: frequent buyers have enough recent evidence for a shorter one
      for (const [B0, g] of [[10, 0], [10, 0.25], [10, 0.5], [20, 0.5], [5, 0.25], [10, -0.25]]) run(`chl B0=${B0} g=${g}`, (c) => {
        const p = parts(c);
        const out = new Float32Array(n);
        const sm = maxOf(p.sim);
        for (let j = 0; j < n; j++) out[j] = (0.35 * p.sim[j]) / sm + (0.02 * st.trending[j]) / trMax;
        const B = ctx.nBaskets.get(c)!;
        const hl = Math.max(45, Math.min(720, 240 * Math.pow(B0 / B, g)));
        const rep = ctx.hist.get(c)!.map((x) => x.times.reduce((a, t) => a + decay(ctx.trainedUntil - t, hl), 0) * Math.sqrt(pooledLift[x.item] * st.repeatRate![x.item]));
        const rm = Math.max(...rep);
        ctx.hist.get(c)!.forEach((x, k) => (out[x.item] += (p.prop * rep[k]) / rm));
        return out;
      });
    }
    if (spec.includes('lr')) {
      const trainDays = (process.env['TRAIN'] ?? 'prev').split(',').map((t) => (t === 'prev' ? PREV[day] : t === 'prev2' ? PREV[PREV[day]] : t));
      const X: number[][] = [], y: number[] = [];
      const groups: { X: number[][]; y: number[] }[] = [];
      for (const td of trainDays) {
        const tc = ctxOf(td);
        const tp = partsOf(tc);
        for (const cs of tc.cases.all) {
          const p = tp(cs.customerId);
          const g = { X: p.feats, y: p.items.map((i) => (cs.truth.has(tc.state.productIds[i]) ? 1 : 0)) };
          groups.push(g);
          p.items.forEach((i, k) => { X.push(p.feats[k]); y.push(cs.truth.has(tc.state.productIds[i]) ? 1 : 0); });
        }
      }
      if (spec.includes('list')) {
        for (const l2 of (process.env['L2'] ?? '1').split(',').map(Number)) {
          const m = fitListwise(groups, l2);
          console.log(`listwise l2=${l2}: ` + ['b', ...FEATS].map((k, a) => `${k}=${(m.w[a]).toFixed(2)}`).join(' '));
          run('own: listwise', ownOnly((p, k) => logit(m, p.feats[k])));
          for (const w of (process.env['WOWN'] ?? '1,2,3,5').split(',').map(Number)) run(`list wOwn=${w} (prop·exp(s)/max)`, blend((p, k) => p.prop * Math.exp(logit(m, p.feats[k])), w));
        }
      }
      if (spec.includes('gbdt')) runGbdt(X, y);
      for (const l2 of (process.env['L2'] ?? '1').split(',').map(Number)) {
        const m = fitLR(X, y, l2);
        console.log(`train ${trainDays} rows ${X.length} pos ${y.reduce((a, b) => a + b, 0)} l2=${l2}: ` + ['b', ...FEATS].map((k, a) => `${k}=${(m.w[a]).toFixed(2)}`).join(' '));
        run('own: lr', ownOnly((p, k) => predict(m, p.feats[k])));
        for (const w of (process.env['WOWN'] ?? '1,2,3,5').split(',').map(Number)) run(`lr wOwn=${w}`, blend((p, k) => predict(m, p.feats[k]), w));
      }
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
