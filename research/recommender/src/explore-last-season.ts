// "Same season last year" signals on the shipped recipe (replica of explore-repeat-signals.ts):
// per customer × product, the baskets in the year-earlier counterpart of the truth window
// (±W days; when the data does not reach back that far, the earliest FIRST days of data,
// i.e. December 2010 for 2011 cutoffs), boosting the repeat score; and a product-level
// last-season lift (share of buyers in that window / all-time share) on repeat and/or item-item.
// `npx tsx --conditions=@reco/source research/recommender/src/explore-last-season.ts`
// Result (not adopted): for 2011 cutoffs the year-earlier window predates the data, so the
// signal is the December-2010 fallback. Best customer boost (bin β=0.25) gave all-R
// 0.2448→0.2464 on 2011-10-09 but 0.2483→0.2478 on 2011-09-09; dormant/log/share forms ±0.001;
// the product-level last-season lift hurt repeat (−0.002…−0.008) and "new" on item-item
// (0.118→0.093). A December basket predicts a return about as well as one more ordinary basket,
// which the 240-day repeat decay already counts.
import { initTensorFlow } from '@reco/ml';
import { DAY_MS } from '@reco/recommendation-tools/model';
import { buildSplitContext, decay, evaluateScorer, formatResult, loadPurchases, maxOf, seasonLift, splitDays, type Scorer } from './harness';


interface V {
  win?: [number, number]; // season window [from, to) in ms
  beta?: number; // repeat × (1 + beta · f(seasonBaskets))
  form?: 'count' | 'bin' | 'log' | 'share' | 'dormant';
  liftRep?: number; // exponent of the last-season lift on repeat
  liftSim?: number; // exponent of the last-season lift on item-item
  season14?: number; // exponent of the 14-day lift (default 0.5)
}

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  const W = Number(process.env['W'] ?? 14);
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 });
    const st = ctx.state;
    const h = st.histories;
    const n = st.productIds.length;
    const { rowOf } = ctx;
    let dataStart = Infinity;
    for (const hs of ctx.hist.values()) for (const x of hs) dataStart = Math.min(dataStart, x.times[0]);
    const cutoff = Date.parse(day + 'T00:00:00Z');
    const ya: [number, number] = [cutoff - 365 * DAY_MS - W * DAY_MS, cutoff - 335 * DAY_MS + W * DAY_MS];
    const windows: [string, [number, number]][] = [];
    if (ya[1] > dataStart + 7 * DAY_MS) windows.push([`yearAgo±${W}`, [Math.max(ya[0], dataStart), ya[1]]]);
    for (const d of (process.env['FIRST'] ?? '14,21,31,45').split(',').map(Number)) windows.push([`first${d}d`, [dataStart, dataStart + d * DAY_MS]]);
    console.log(`--- ${day} dataStart ${new Date(dataStart).toISOString()} yearAgo ${new Date(ya[0]).toISOString()}..${new Date(ya[1]).toISOString()}`);

    // per customer: item -> season baskets
    const seasonCache = new Map<string, Map<string, Map<number, number>>>();
    const seasonOf = (wname: string, win: [number, number]) => {
      let m = seasonCache.get(wname);
      if (m) return m;
      m = new Map();
      for (const [c, hs] of ctx.hist) {
        const mm = new Map<number, number>();
        for (const x of hs) {
          let k = 0;
          for (const t of x.times) if (t >= win[0] && t < win[1]) k++;
          if (k) mm.set(x.item, k);
        }
        m.set(c, mm);
      }
      seasonCache.set(wname, m);
      return m;
    };
    const liftCache = new Map<string, Float32Array>();
    const liftOf = (wname: string, win: [number, number]) => {
      let l = liftCache.get(wname);
      if (l) return l;
      const recent = new Float32Array(n);
      for (const mm of seasonOf(wname, win).values()) for (const i of mm.keys()) recent[i] += 1;
      l = seasonLift(recent, st.customerCounts);
      liftCache.set(wname, l);
      return l;
    };
    const trMax = maxOf(st.trending);
    const scorer = (wname: string, win: [number, number], v: V): Scorer => (c) => {
      const row = rowOf.get(c)!;
      const sea = seasonOf(wname, win).get(c) ?? new Map<number, number>();
      const ls = v.liftRep || v.liftSim ? liftOf(wname, win) : undefined;
      const rep = new Float32Array(n);
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
        const i = h.items[a];
        let r = h.decayed[a] * Math.pow(st.season![i], v.season14 ?? 0.5) * Math.sqrt(st.repeatRate![i]);
        const k = sea.get(i) ?? 0;
        if (v.beta && k) {
          const f = v.form === 'dormant' ? (h.lastTime[a] < win[1] ? 1 : 0) : v.form === 'bin' ? 1 : v.form === 'log' ? Math.log1p(k) : v.form === 'share' ? k / h.baskets[a] : k;
          r *= 1 + v.beta * f;
        }
        if (ls && v.liftRep) r *= Math.pow(ls[i], v.liftRep);
        rep[i] = r;
      }
      const s = new Float32Array(n);
      const nb = st.itemItem;
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
        const x = decay(ctx.trainedUntil - h.lastTime[a], st.options.itemHalfLifeDays);
        for (let q = h.items[a] * nb.width, e = q + nb.width; q < e && nb.index[q] >= 0; q++) s[nb.index[q]] += x * nb.weight[q];
      }
      for (let j = 0; j < n; j++) s[j] *= Math.pow(st.season![j], v.season14 ?? 0.5) * (ls && v.liftSim ? Math.pow(ls[j], v.liftSim) : 1);
      const prop = h.repeatPropensity![row];
      const rm = maxOf(rep), sm = maxOf(s);
      const out = new Float32Array(n);
      for (let j = 0; j < n; j++) out[j] = (rm > 0 ? (prop * rep[j]) / rm : 0) + (sm > 0 ? (0.35 * s[j]) / sm : 0) + (0.02 * st.trending[j]) / trMax;
      return out;
    };
    const run = (name: string, wname: string, win: [number, number], v: V) => console.log(formatResult(name, evaluateScorer(ctx, scorer(wname, win, v))));
    run('shipped replica', '-', [0, 0], {});
    const spec = (process.env['SPEC'] ?? 'cust,lift').split(',');
    for (const [wname, win] of windows) {
      if (spec.includes('cust')) {
        for (const form of (process.env['FORMS'] ?? 'bin,log,share').split(',') as V['form'][]) for (const beta of (process.env['BETAS'] ?? '0.25,0.5,1').split(',').map(Number)) run(`${wname} ${form} β=${beta}`, wname, win, { form, beta });
      }
      if (spec.includes('lift')) {
        for (const e of [0.25, 0.5]) run(`${wname} liftRep ${e}`, wname, win, { liftRep: e });
        for (const e of [0.25, 0.5]) run(`${wname} liftSim ${e}`, wname, win, { liftSim: e });
        run(`${wname} liftRep .5 season14 .25`, wname, win, { liftRep: 0.5, season14: 0.25 });
      }
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
