// Re-tuning of the blend's knobs on states trained with the quantity-weighted repeat score
// (TrainingOptions.quantityExponent), on four splits, in memory on cached states (harness/split-context.ts).
// `SPEC=grid,stock,simqty,grain,hl,burst,due,duegap,dueone SPLITS=... npx tsx --conditions=@reco/source research/recommender/src/explore-retune.ts`
// Recall@20 all (NDCG), with quantities: 0.2500 (.3232) / 0.2495 (.3356) / 0.3207 (.4050) /
// 0.3280 (.4018) on 10-09 / 09-09 / 08-10 / 07-11; "new" 0.1176 / 0.1132 / 0.1369 / 0.1817:
// - Knobs ±20%: repeat-rate and season exponents, propensity, item-item and popularity weights:
//   every change within ±0.0012 and of mixed sign. Repeat half-life 120-1,000 d: 240 stays.
// - Stock (nobody bought the item in 14-60 d, ×0.4-0.7), current buyers^±0.05-0.1, quantity
//   factor on the item-item input, distinct days/weeks/months instead of baskets, a short-term
//   burst term: all within ±0.001 with mixed signs.
// - Adopted: replenishment due-ness (QEXP=0.1, SPEC=due). Pace = quantity of the baskets before
//   the last / days from first to last (≥ 7); coverage = last basket's quantity / pace; the repeat
//   score × clip((days since last + 30) / coverage, ½, 2)^0.2: 0.2510 (.3234) / 0.2500 (.3385) /
//   0.3219 (.4061) / 0.3286 (.4033), up on every split in both metrics; the opposite sign (^-0.1)
//   loses on all four. Neighbours (β .15-.3, clip 1.5-3) mostly gain too. BlendWeights.replenishment.
//   The same without quantities (coverage = mean gap, SPEC=duegap) 0.2507 (.3232) / 0.2498 (.3369)
//   / 0.3220 (.4062) / 0.3288 (.4026): close; the quantity pace ranks better on three splits.
// - Due-ness for one-basket products too (coverage = the product's median repurchase gap ×
//   quantity ratio, SPEC=dueone), ^±0.1-0.2, with or without the ratio: within ±0.001 of the
//   above, mixed signs. Not adopted.
import { initTensorFlow } from '@reco/ml';
import { pooledSeason } from '@reco/recommendation-tools/model';
import { buildSplitContext, decay, evaluateScorer, formatResult, loadPurchases, maxOf, recentBuyers, splitDays, type Scorer, type SplitContext } from './harness';

interface V {
  rr?: number; // repeat-rate exponent (shipped 0.5)
  se?: number; // season exponent (shipped 0.5)
  prop?: number; // propensity exponent (shipped 1)
  ii?: number; // item-item weight (shipped 0.35)
  pop?: number; // popularity weight (shipped 0.02)
  /** rep × (1 − stockPen) for items nobody bought in the last stockDays days (out of stock, discontinued). */
  stockPen?: number;
  stockDays?: number;
  /** rep × (recent distinct buyers over stockDays + 1)^buyersExp: the product's current pull. */
  buyersExp?: number;
  /** Item-item input × (quantity factor of the repeat score)^simQty. */
  simQty?: number;
  /** Repeat base recomputed over distinct periods of this many days (1 = days, 7 = weeks) instead of baskets. */
  grainDays?: number;
  /** Repeat base over baskets with this half-life instead (quantity-weighted the same way). */
  halfLife?: number;
  /** + burstW · Σ decay(burstHl) over baskets (short-term term on top of the 240-day count). */
  burstW?: number;
  burstHl?: number;
  /**
   * Replenishment: rate = quantity before the last basket / (last − first), coverage = last
   * basket's quantity / rate, rep × clip((elapsed + 30 d) / coverage, 1/4, 4)^due (≥ 2 baskets).
   */
  due?: number;
  dueClip?: number;
  /** Due-ness without quantities: coverage = the mean gap between the item's baskets. */
  dueGap?: boolean;
  /** Items with one basket (or < 7 days of span): coverage = the item's median gap × quantity ratio, exponent dueOne. */
  dueOne?: number;
  dueOneNoQty?: boolean;
}

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  const specs = (process.env['SPEC'] ?? 'grid').split(',');
  const q = Number(process.env['QEXP'] ?? 0.1);
  const clip = Number(process.env['QCLIP'] ?? 10);
  for (const day of splitDays('2011-10-09,2011-09-09,2011-08-10,2011-07-11')) {
    const plain = buildSplitContext(rows, day, { seasonWindowDays: 14, quantityExponent: 0 }).state.histories.decayed;
    run(buildSplitContext(rows, day, { seasonWindowDays: 14, quantityExponent: q, quantityClip: clip }), specs, plain);
  }
}

function run(ctx: SplitContext, specs: string[], plainDecayed: Float32Array) {
  const st = ctx.state, h = st.histories, n = st.productIds.length;
  const { rowOf } = ctx;
  const now = ctx.trainedUntil;
  const trMax = maxOf(st.trending);
  const repSeason = pooledSeason(st.season!, st.itemItem, 5);

  const lastSale = new Float64Array(n);
  const saleTimes: number[][] = Array.from({ length: n }, () => []);
  for (const r of ctx.sales) {
    const j = ctx.itemOf.get(r.productId)!;
    const t = r.time as number;
    if (t > lastSale[j]) lastSale[j] = t;
    saleTimes[j].push(t);
  }
  const buyersCache = new Map<number, Float32Array>();
  // Per customer -> item -> basket instant -> quantity (training rows).
  const bq = new Map<string, Map<number, Map<number, number>>>();
  for (const r of ctx.sales) {
    const j = ctx.itemOf.get(r.productId)!;
    let m = bq.get(r.customerId);
    if (!m) bq.set(r.customerId, (m = new Map()));
    let b = m.get(j);
    if (!b) m.set(j, (b = new Map()));
    b.set(r.time as number, (b.get(r.time as number) ?? 0) + r.quantity);
  }
  const grouped = (c: string, i: number, grain: number) => {
    const g = new Map<number, [number, number]>(); // period -> [last time, quantity]
    for (const [t, q] of bq.get(c)!.get(i)!) {
      const k = grain > 0 ? Math.floor((now - t) / (grain * 86400000)) : t;
      const e = g.get(k);
      if (e) { e[0] = Math.max(e[0], t); e[1] += q; } else g.set(k, [t, q]);
    }
    return g;
  };
  const medCache = new Map<number, Float64Array>();
  const medianOf = (grain: number) => {
    let m = medCache.get(grain);
    if (m) return m;
    const per: number[][] = Array.from({ length: n }, () => []);
    for (const [c, items] of bq) for (const i of items.keys()) for (const [, q] of grouped(c, i, grain).values()) per[i].push(q);
    m = new Float64Array(n).fill(1);
    for (let j = 0; j < n; j++) { const q = per[j].sort((a, b) => a - b); if (q.length) m[j] = q[q.length >> 1]; }
    medCache.set(grain, m);
    return m;
  };
  const qexp = st.options.quantityExponent;
  // Per item: median gap (days) between a customer's consecutive baskets of it (gaps ≥ 7 d).
  const itemGap = new Float64Array(n).fill(Number.NaN);
  {
    const gaps: number[][] = Array.from({ length: n }, () => []);
    for (const items of bq.values()) for (const [i, b] of items) {
      const ts = [...b.keys()].sort((x, y) => x - y);
      for (let k = 1; k < ts.length; k++) { const g = (ts[k] - ts[k - 1]) / 86400000; if (g >= 7) gaps[i].push(g); }
    }
    for (let j = 0; j < n; j++) { const g = gaps[j].sort((x, y) => x - y); if (g.length >= 3) itemGap[j] = g[g.length >> 1]; }
  }
  const baseOf = (c: string, i: number, grain: number, hl: number) => {
    const med = medianOf(grain);
    let sum = 0;
    for (const [t, q] of grouped(c, i, grain).values()) sum += decay(now - t, hl) * Math.pow(Math.min(10, Math.max(0.1, q / med[i])), qexp);
    return sum;
  };
  const cache = new Map<string, { base: Float32Array; sim: Float32Array; prop: number; own: number[] }>();
  const parts = (c: string, simQty = 0) => {
    const ck = c + '|' + simQty;
    let p = cache.get(ck);
    if (p) return p;
    const row = rowOf.get(c)!;
    const base = new Float32Array(n), sim = new Float32Array(n), own: number[] = [];
    const nb = st.itemItem;
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
      const i = h.items[a];
      own.push(i);
      base[i] = h.decayed[a];
      const x = decay(now - h.lastTime[a], st.options.itemHalfLifeDays) * Math.pow(h.decayed[a] / plainDecayed[a], simQty);
      for (let q = i * nb.width, e = q + nb.width; q < e && nb.index[q] >= 0; q++) sim[nb.index[q]] += x * nb.weight[q];
    }
    p = { base, sim, prop: h.repeatPropensity![row], own };
    cache.set(ck, p);
    return p;
  };

  const scorer = (v: V): Scorer => (c) => {
    const { base, sim: sim0, prop, own } = parts(c, v.simQty);
    const rep = new Float32Array(n);
    const b = Float32Array.from(base);
    if (v.grainDays !== undefined || v.halfLife !== undefined) for (const i of own) b[i] = baseOf(c, i, v.grainDays ?? 0, v.halfLife ?? 240);
    if (v.due) for (const i of own) {
      const bs = [...bq.get(c)!.get(i)!].sort((x, y) => x[0] - y[0]);
      const span = (bs[bs.length - 1][0] - bs[0][0]) / 86400000;
      if (bs.length < 2 || span < 7) {
        if (!v.dueOne || Number.isNaN(itemGap[i])) continue;
        const med = medianOf(0)[i];
        const qr = v.dueOneNoQty ? 1 : Math.min(10, Math.max(0.1, bs[bs.length - 1][1] / med));
        const elapsed1 = (now - bs[bs.length - 1][0]) / 86400000;
        const cl1 = v.dueClip ?? 4;
        b[i] *= Math.pow(Math.min(cl1, Math.max(1 / cl1, (elapsed1 + 30) / Math.max(1, itemGap[i] * qr))), v.dueOne);
        continue;
      }
      let before = 0;
      for (let k = 0; k < bs.length - 1; k++) before += bs[k][1];
      const coverage = v.dueGap ? span / (bs.length - 1) : bs[bs.length - 1][1] / (before / span);
      const elapsed = (now - bs[bs.length - 1][0]) / 86400000;
      const cl = v.dueClip ?? 4;
      b[i] *= Math.pow(Math.min(cl, Math.max(1 / cl, (elapsed + 30) / Math.max(1, coverage))), v.due);
    }
    if (v.burstW) for (const i of own) { let x = 0; for (const t of bq.get(c)!.get(i)!.keys()) x += decay(now - t, v.burstHl ?? 14); b[i] += v.burstW * x; }
    for (const i of own) rep[i] = b[i] * Math.pow(repSeason[i], v.se ?? 0.5) * Math.pow(st.repeatRate![i], v.rr ?? 0.5);
    if (v.stockPen) for (const i of own) if (now - lastSale[i] > (v.stockDays ?? 30) * 86400000) rep[i] *= 1 - v.stockPen;
    if (v.buyersExp) {
      const d = v.stockDays ?? 30;
      let b = buyersCache.get(d);
      if (!b) buyersCache.set(d, (b = recentBuyers(ctx, d)));
      for (const i of own) rep[i] *= Math.pow(b[i] + 1, v.buyersExp);
    }
    const sim = new Float32Array(n);
    for (let j = 0; j < n; j++) if (sim0[j] !== 0) sim[j] = sim0[j] * Math.pow(st.season![j], v.se ?? 0.5);
    const w = Math.pow(prop, v.prop ?? 1);
    const rm = maxOf(rep), sm = maxOf(sim);
    const out = new Float32Array(n);
    const ii = v.ii ?? 0.35, pw = v.pop ?? 0.02;
    for (let j = 0; j < n; j++) out[j] = (rm > 0 ? (w * rep[j]) / rm : 0) + (sm > 0 ? (ii * sim[j]) / sm : 0) + (pw * st.trending[j]) / trMax;
    return out;
  };

  console.log(`--- ${ctx.name}`);
  const go = (name: string, v: V) => console.log(formatResult(name, evaluateScorer(ctx, scorer(v))));
  go('shipped replica', {});
  if (specs.includes('grain')) {
    go('grain 0 (baskets, = replica)', { grainDays: 0 });
    for (const g of [1, 7, 30]) go(`grain ${g} d`, { grainDays: g });
  }
  if (specs.includes('dueone')) {
    go('due .2 clip 2 (shipped now)', { due: 0.2, dueClip: 2 });
    for (const d of [0.1, 0.2, -0.1]) go(`+ one-basket due ${d}`, { due: 0.2, dueClip: 2, dueOne: d });
    go(`+ one-basket due 0.1 no qty`, { due: 0.2, dueClip: 2, dueOne: 0.1, dueOneNoQty: true });
  }
  if (specs.includes('duegap')) for (const d of [0.1, 0.2]) go(`due by mean gap ${d} clip 2`, { due: d, dueClip: 2, dueGap: true });
  if (specs.includes('due')) for (const d of (process.env["DUES"] ?? "0.05,0.1,0.2,-0.1").split(",").map(Number)) for (const cl of (process.env["DUECLIPS"] ?? "2,4").split(",").map(Number)) go(`due ${d} clip ${cl}`, { due: d, dueClip: cl });
  if (specs.includes('hl')) for (const hl of [120, 180, 365, 1000]) go(`half-life ${hl}`, { halfLife: hl });
  if (specs.includes('burst')) for (const hl of [7, 14, 30]) for (const w of [0.1, 0.3]) go(`burst ${w} hl ${hl}`, { burstW: w, burstHl: hl });
  if (specs.includes('simqty')) for (const m of [1, 3, 6]) go(`simQty ${m}`, { simQty: m });
  if (specs.includes('stock')) {
    for (const d of [14, 30, 60]) for (const g of [0.3, 0.6]) go(`stock pen ${g} ${d} d`, { stockPen: g, stockDays: d });
    for (const d of [14, 30]) for (const g of [0.05, 0.1, -0.05]) go(`recent buyers^${g} ${d} d`, { buyersExp: g, stockDays: d });
  }
  if (specs.includes('grid')) {
    for (const rr of [0.4, 0.6]) go(`rr ${rr}`, { rr });
    for (const se of [0.4, 0.6]) go(`se ${se}`, { se });
    for (const prop of [0.8, 1.2]) go(`prop ${prop}`, { prop });
    for (const ii of [0.3, 0.4]) go(`ii ${ii}`, { ii });
    for (const pop of [0.01, 0.04]) go(`pop ${pop}`, { pop });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
