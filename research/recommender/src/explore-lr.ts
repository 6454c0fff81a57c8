// Pointwise logistic re-ranker experiment: features per (customer, candidate), trained on one split, tested on another.
// `npx tsx --conditions=@reco/source research/recommender/src/explore-lr.ts`
// Re-run on moving to research/ (states with quantity weighting), SPLITS=2011-09-09,2011-10-09:
// fitted on 09-09, tested on 10-09 all 0.2395 (NDCG 0.3138) / new 0.0977; fitted on 10-09's own
// truth 0.2375 / 0.0922; the blend on the same states 0.2459 / 0.1176 (explore-repeat-signals.ts
// replica). Not adopted.
import { initTensorFlow } from '@reco/ml';
import { buildSplitContext, decay, evaluateScorer, formatResult, loadPurchases, maxOf, rawShareLift, recentBuyers, solveLinearSystem, splitDays, type SplitContext } from './harness';
import { DAY_MS } from '@reco/recommendation-tools/model';

interface Feat { cand: number[]; x: number[][] }
const NAMES = (process.env['FEATS'] ?? 'owned,logb,frac,ageItem,rep,loglift,ease,logpop,logB').split(',');

function features(ctx: SplitContext) {
  const n = ctx.state.productIds.length;
  const recent = recentBuyers(ctx, 28);
  const lift = rawShareLift(recent, ctx.state.customerCounts);
  const rm = maxOf(recent);
  const now = ctx.trainedUntil;
  const nb = ctx.state.itemItem;
  return (c: string): Feat => {
    const hs = ctx.hist.get(c) ?? [];
    const sim = new Float32Array(n);
    for (const h of hs) {
      const x = decay(now - h.times[h.times.length - 1], 120);
      for (let s = h.item * nb.width, e = s + nb.width; s < e && nb.index[s] >= 0; s++) sim[nb.index[s]] += x * nb.weight[s];
    }
    for (let j = 0; j < n; j++) sim[j] *= Math.sqrt(lift[j]);
    const sm = maxOf(sim) || 1;
    const B = ctx.nBaskets.get(c) ?? 1;
    const owned = new Map(hs.map((h) => [h.item, h]));
    const rep = new Map(hs.map((h) => [h.item, h.times.reduce((s, t) => s + decay(now - t, 240), 0)]));
    const repMax = Math.max(1e-9, ...rep.values());
    // candidates: owned + top 60 EASE (non-owned) + top 20 recent-popular
    const others: number[] = [];
    for (let j = 0; j < n; j++) if (!owned.has(j) && (sim[j] > 0 || recent[j] > 0)) others.push(j);
    others.sort((a, b) => sim[b] - sim[a]);
    const cset = new Set<number>([...owned.keys(), ...others.slice(0, 60)]);
    const byPop = others.slice().sort((a, b) => recent[b] - recent[a]).slice(0, 20);
    for (const j of byPop) cset.add(j);
    const cand = [...cset];
    const x = cand.map((j) => {
      const h = owned.get(j);
      const f: Record<string, number> = {
        owned: h ? 1 : 0,
        logb: h ? Math.log1p(h.baskets) : 0,
        frac: h ? h.baskets / B : 0,
        ageItem: h ? (now - h.times[h.times.length - 1]) / (90 * DAY_MS) : 0,
        rep: h ? rep.get(j)! / repMax : 0,
        loglift: Math.log(lift[j]),
        ease: sim[j] / sm,
        logpop: Math.log((recent[j] + 1) / (rm + 1)),
        logB: Math.log(B) * (h ? 1 : 0),
        logBn: Math.log(B) * (h ? 0 : 1),
        easeRaw: sim[j],
        hlift: h ? Math.log(lift[j]) : 0,
      };
      return NAMES.map((k) => f[k]);
    });
    return { cand, x };
  };
}

function fitLR(rows: number[][], y: number[], l2 = 1e-3, iters = 300): number[] {
  const d = rows[0].length + 1;
  const w = new Array(d).fill(0);
  // Newton-Raphson (d small)
  for (let it = 0; it < 30; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (let r = 0; r < rows.length; r++) {
      const xr = [1, ...rows[r]];
      let z = 0;
      for (let k = 0; k < d; k++) z += w[k] * xr[k];
      const p = 1 / (1 + Math.exp(-z));
      const e = p - y[r];
      const v = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] += e * xr[a];
        for (let b = 0; b < d; b++) H[a][b] += v * xr[a] * xr[b];
      }
    }
    for (let a = 0; a < d; a++) { g[a] += l2 * rows.length * w[a]; H[a][a] += l2 * rows.length; }
    const step = solveLinearSystem(H, g);
    let mx = 0;
    for (let a = 0; a < d; a++) { w[a] -= step[a]; mx = Math.max(mx, Math.abs(step[a])); }
    if (mx < 1e-6) break;
  }
  void iters;
  return w;
}
async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  const days = splitDays('2011-08-10,2011-09-09,2011-10-09');
  const ctxs = days.map((d) => buildSplitContext(rows, d));
  const feats = ctxs.map(features);
  const data = ctxs.map((ctx, i) => {
    const X: number[][] = [];
    const y: number[] = [];
    for (const cs of ctx.cases.all) {
      const { cand, x } = feats[i](cs.customerId);
      cand.forEach((j, k) => { X.push(x[k]); y.push(cs.truth.has(ctx.state.productIds[j]) ? 1 : 0); });
    }
    return { X, y };
  });
  const scorerFor = (i: number, w: number[]) => (c: string) => {
    const out = new Float32Array(ctxs[i].state.productIds.length).fill(-1e9);
    const { cand, x } = feats[i](c);
    cand.forEach((j, k) => { let z = w[0]; x[k].forEach((v, a) => (z += w[a + 1] * v)); out[j] = z; });
    return out;
  };
  for (let te = 1; te < ctxs.length; te++) {
    const w = fitLR(data[te - 1].X, data[te - 1].y);
    console.log('train', days[te - 1], 'rows', data[te - 1].X.length, 'w', ['b', ...NAMES].map((k, a) => `${k}=${w[a].toFixed(3)}`).join(' '));
    console.log(formatResult(`LR test ${days[te]}`, evaluateScorer(ctxs[te], scorerFor(te, w))));
    const wself = fitLR(data[te].X, data[te].y);
    console.log(formatResult(`LR self ${days[te]} (oracle fit)`, evaluateScorer(ctxs[te], scorerFor(te, wself))));
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
