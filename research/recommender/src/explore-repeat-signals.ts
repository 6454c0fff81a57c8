// Ideas 1-4 on the shipped recipe, in memory on cached states (harness/split-context.ts): the shipped blend is
// replicated component by component, then one signal at a time is changed.
// `npx tsx --conditions=@reco/source research/recommender/src/explore-repeat-signals.ts`
// Re-run on moving to research/ (states with quantity weighting), 2011-10-09 only,
// SPEC=pop,season,slots, "all" Recall@20 (replica 0.2459, "new" 0.1176 throughout): popularity on
// repeat 0.2426-0.2466; repeat-season window 7/14/28 d, exponent .25-1: 0.2410-0.2479; fixed or
// propensity-scaled repeat slots 0.2448-0.2479; reciprocal rank fusion 0.2391-0.2408.
import { initTensorFlow } from '@reco/ml';
import { DAY_MS } from '@reco/recommendation-tools/model';
import { buildSplitContext, evaluateScorer, formatResult, itemItemScores, loadPurchases, maxOf, seasonLiftOver, splitDays, type Scorer } from './harness';


interface V {
  popExp?: number; // repeat × (customerCounts / mean)^popExp
  popSrc?: 'all' | 'trend';
  seasonRep?: number; // season exponent on repeat (default 0.5)
  seasonWin?: number; // window for the repeat lift (default 14)
  qtyExp?: number;
  deadDays?: number; // repeat × deadFactor when nobody bought the item in the last deadDays
  deadFactor?: number; // repeat × log(1+qty)^qtyExp
  slots?: (own: number, propensity: number) => number; // repeat slots; rest by the non-repeat blend
  rrf?: number; // reciprocal rank fusion constant
  ii?: number;
  pop?: number;
}

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  const specs = (process.env['SPEC'] ?? 'pop').split(',');
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 }); // fresh cache key: older caches predate repeat rate
    const st = ctx.state;
    const h = st.histories;
    const n = st.productIds.length;
    const { rowOf } = ctx;
    const lifts = new Map<number, Float32Array>([[14, st.season!]]);
    const liftOf = (w: number) => { let l = lifts.get(w); if (!l) lifts.set(w, (l = seasonLiftOver(st, w))); return l; };
    let meanCount = 0;
    for (let j = 0; j < n; j++) meanCount += st.customerCounts[j] / n;
    let meanTrend = 0;
    for (let j = 0; j < n; j++) meanTrend += st.trending[j] / n;
    const trMax = maxOf(st.trending);
    const qtyOf = new Map<string, Map<number, number>>();
    for (const [c, hs] of ctx.hist) qtyOf.set(c, new Map(hs.map((x) => [x.item, x.qty])));
    const lastSale = new Float64Array(n);
    for (let a = 0; a < h.items.length; a++) lastSale[h.items[a]] = Math.max(lastSale[h.items[a]], h.lastTime[a]);
    const deadSince = (i: number) => ctx.trainedUntil - lastSale[i];
    const simCache = new Map<string, Float32Array>();
    const sim = (c: string) => {
      let s = simCache.get(c);
      if (s) return s;
      const row = rowOf.get(c);
      s = row === undefined ? new Float32Array(n) : itemItemScores(st, row, st.options.itemHalfLifeDays);
      simCache.set(c, s);
      return s;
    };
    const scorer = (v: V): Scorer => (c) => {
      const row = rowOf.get(c)!;
      const rep = new Float32Array(n);
      const ls = liftOf(v.seasonWin ?? 14);
      const q = qtyOf.get(c)!;
      let own = 0;
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
        const i = h.items[a];
        own++;
        let r = h.decayed[a] * Math.pow(ls[i], v.seasonRep ?? 0.5) * Math.sqrt(st.repeatRate![i]);
        if (v.popExp) r *= Math.pow((v.popSrc === 'trend' ? st.trending[i] / meanTrend : st.customerCounts[i] / meanCount) + 1e-3, v.popExp);
        if (v.deadDays && deadSince(i) > v.deadDays * DAY_MS) r *= v.deadFactor ?? 0.1;
        if (v.qtyExp) r *= Math.pow(Math.log1p(q.get(i) ?? 1), v.qtyExp);
        rep[i] = r;
      }
      const prop = h.repeatPropensity![row];
      const s = sim(c);
      const rm = maxOf(rep), sm = maxOf(s);
      const ii = v.ii ?? 0.35, pw = v.pop ?? 0.02;
      const out = new Float32Array(n);
      if (v.slots || v.rrf) {
        // two lists: own products by repeat score, everything by the non-repeat blend
        const ownList = [...Array(n).keys()].filter((j) => rep[j] > 0).sort((a, b) => rep[b] - rep[a]);
        const other = new Float32Array(n);
        for (let j = 0; j < n; j++) other[j] = (sm > 0 ? (ii * s[j]) / sm : 0) + (pw * st.trending[j]) / trMax;
        if (v.rrf) {
          const otherList = [...Array(n).keys()].sort((a, b) => other[b] - other[a]).slice(0, 200);
          ownList.forEach((j, r) => (out[j] += 1 / (v.rrf! + r)));
          otherList.forEach((j, r) => (out[j] += 1 / (v.rrf! + r)));
          return out;
        }
        // slot allocation: the first R own products outrank everything; in "new" mode own products are excluded anyway
        const R = Math.min(own, Math.round(v.slots!(own, prop)));
        for (let j = 0; j < n; j++) out[j] = other[j];
        ownList.forEach((j, r) => (out[j] = r < R ? 1e6 - r : (rm > 0 ? (prop * rep[j]) / rm : 0) + other[j]));
        return out;
      }
      for (let j = 0; j < n; j++) out[j] = (rm > 0 ? (prop * rep[j]) / rm : 0) + (sm > 0 ? (ii * s[j]) / sm : 0) + (pw * st.trending[j]) / trMax;
      return out;
    };
    console.log(`--- ${day}`);
    const run = (name: string, v: V) => console.log(formatResult(name, evaluateScorer(ctx, scorer(v))));
    run('shipped replica', {});
    if (specs.includes('pop')) {
      for (const e of [0.1, 0.2, 0.3, 0.5]) run(`popExp all ${e}`, { popExp: e });
      for (const e of [0.1, 0.2, 0.3]) run(`popExp trend ${e}`, { popExp: e, popSrc: 'trend' });
    }
    if (specs.includes('qty')) for (const e of [0.25, 0.5, 1]) run(`qtyExp ${e}`, { qtyExp: e });
    if (specs.includes('season')) for (const w of [7, 14, 28]) for (const e of [0.25, 0.75, 1]) run(`seasonRep w=${w} e=${e}`, { seasonWin: w, seasonRep: e });
    if (specs.includes('slots')) {
      for (const R of [8, 12, 16]) run(`slots fixed ${R}`, { slots: () => R });
      for (const f of [0.5, 0.7, 0.9]) run(`slots ${f}·own`, { slots: (o) => f * o });
      for (const f of [10, 14]) run(`slots ${f}·prop`, { slots: (_o, p) => f * p });
      for (const k of [10, 30, 60]) run(`rrf ${k}`, { rrf: k });
    }
    if (specs.includes('dead')) for (const d of [30, 60, 90]) for (const f of [0.1, 0.5]) run(`dead ${d}d ×${f}`, { deadDays: d, deadFactor: f });
    if (specs.includes('combo'))
      for (const popExp of [0, 0.1, 0.2]) for (const seasonRep of [0.25, 0.5]) for (const sl of [0, 12, 16]) for (const qtyExp of [0, 0.25])
        run(`pop${popExp} sea${seasonRep} slots${sl}·prop qty${qtyExp}`, { popExp, seasonRep, qtyExp, ...(sl ? { slots: (_o: number, p: number) => sl * p } : {}) });
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
