// Exploration harness runs (SPEC=reps|calib|season|season2|rr|pops), all on cached states from
// the harness; the rr spec holds the shipped recipe (season lift, repeat rate, propensity) and its
// ablations through env knobs. Kept as the record of what was tried; tune-blend.ts is the table.
import { initTensorFlow } from '@reco/ml';
import { buildSplitContext, decay, evaluateScorer, formatResult, loadPurchases, maxOf, rawShareLift, recentBuyers, splitDays, type ProductHistory, type Scorer, type SplitContext } from './harness';
import { DAY_MS } from '@reco/recommendation-tools/model';

function easeScores(ctx: SplitContext, c: string, itemHL: number): Float32Array {
  const st = ctx.state;
  const n = st.productIds.length;
  const sim = new Float32Array(n);
  const nb = st.itemItem;
  for (const h of ctx.hist.get(c) ?? []) {
    const x = decay(ctx.trainedUntil - h.times[h.times.length - 1], itemHL);
    for (let s = h.item * nb.width, e = s + nb.width; s < e && nb.index[s] >= 0; s++) sim[nb.index[s]] += x * nb.weight[s];
  }
  return sim;
}

type RepFn = (ctx: SplitContext, c: string, h: ProductHistory) => number;

async function main(): Promise<void> {
  await initTensorFlow();
  const rows = loadPurchases();
  const topt: Record<string, number> = {};
  if (process.env['LAMBDA']) topt['lambda'] = Number(process.env['LAMBDA']);
  if (process.env['ITEM_HL']) topt['itemHalfLifeDays'] = Number(process.env['ITEM_HL']);
  const ctxs = splitDays().map((d) => buildSplitContext(rows, d, topt));
  const now = (ctx: SplitContext) => ctx.trainedUntil;
  const reps: Record<string, RepFn> = {
    dec120: (ctx, _c, h) => h.times.reduce((s, t) => s + decay(now(ctx) - t, 120), 0),
    basketsThenRecency: (ctx, _c, h) => h.baskets + 0.5 * decay(now(ctx) - h.times[h.times.length - 1], 365),
    dec60: (ctx, _c, h) => h.times.reduce((s, t) => s + decay(now(ctx) - t, 60), 0),
    dec240: (ctx, _c, h) => h.times.reduce((s, t) => s + decay(now(ctx) - t, 240), 0),
    bxLast90: (ctx, _c, h) => h.baskets * decay(now(ctx) - h.times[h.times.length - 1], 90),
    bxLast180: (ctx, _c, h) => h.baskets * decay(now(ctx) - h.times[h.times.length - 1], 180),
    sqrtbxLast60: (ctx, _c, h) => Math.sqrt(h.baskets) * decay(now(ctx) - h.times[h.times.length - 1], 60),
  };
  const spec = process.env['SPEC'] ?? 'reps';
  for (const ctx of ctxs) {
    console.log(`--- split ${ctx.name}: all ${ctx.cases.all.length} new ${ctx.cases.new.length}`);
    const n = ctx.state.productIds.length;
    const simCache = new Map<string, Float32Array>();
    const sim = (c: string) => {
      let v = simCache.get(c);
      if (!v) simCache.set(c, (v = easeScores(ctx, c, Number(process.env['SIM_HL'] ?? ctx.state.options.itemHalfLifeDays))));
      return v;
    };
    const pops: Record<string, Float32Array> = {
      tr30: ctx.state.trending,
      w14: recentBuyers(ctx, 14),
      w28: recentBuyers(ctx, 28),
      hl14: recentBuyers(ctx, 400, 14),
      hl7: recentBuyers(ctx, 400, 7),
      all: ctx.state.customerCounts,
    };
    const blend = (rep: RepFn, wr: number, ws: number, wp: number, pop: Float32Array): Scorer => {
      const pm = maxOf(pop);
      return (c) => {
        const out = new Float32Array(n);
        const s = sim(c);
        const sm = maxOf(s);
        const r = new Float32Array(n);
        for (const h of ctx.hist.get(c) ?? []) r[h.item] = rep(ctx, c, h);
        const rm = maxOf(r);
        for (let j = 0; j < n; j++) out[j] = (rm > 0 ? (wr * r[j]) / rm : 0) + (sm > 0 ? (ws * s[j]) / sm : 0) + (wp * pop[j]) / pm;
        return out;
      };
    };
    if (spec === 'reps') {
      console.log(formatResult('current', evaluateScorer(ctx, blend(reps.dec120, 1, 0.35, 0.02, pops.tr30))));
      for (const [name, rep] of Object.entries(reps)) {
        console.log(formatResult(`rep-only ${name}`, evaluateScorer(ctx, blend(rep, 1, 0, 0.0001, pops.all))));
        for (const ws of [0.2, 0.35, 0.5]) console.log(formatResult(`  ${name} ws=${ws}`, evaluateScorer(ctx, blend(rep, 1, ws, 0.02, pops.tr30))));
      }
    }
    if (spec === 'calib') {
      // repeat = baskets/(B_c + beta) * decay(last, hl); ease = ws * sim/simMax; not max-normalised
      const calib = (beta: number, hl: number, ws: number, wp: number, pop: Float32Array, easeNorm = true): Scorer => {
        const pm = maxOf(pop);
        return (c) => {
          const out = new Float32Array(n);
          const s = sim(c);
          const sm = easeNorm ? maxOf(s) : 1;
          const B = ctx.nBaskets.get(c) ?? 0;
          for (let j = 0; j < n; j++) out[j] = (sm > 0 ? (ws * s[j]) / sm : 0) + (wp * pop[j]) / pm;
          for (const h of ctx.hist.get(c) ?? []) out[h.item] += (h.baskets / (B + beta)) * (hl > 0 ? decay(now(ctx) - h.times[h.times.length - 1], hl) : 1);
          return out;
        };
      };
      for (const beta of [0, 1, 2, 4, 8]) for (const hl of [0, 90, 180]) for (const ws of [0.1, 0.2, 0.35])
        console.log(formatResult(`calib beta=${beta} hl=${hl} ws=${ws}`, evaluateScorer(ctx, calib(beta, hl, ws, 0.02 * ws / 0.35, pops.tr30))));
    }
    if (spec === 'season') {
      // item "in season" factor: share of the item's distinct buyers in the last W days vs its long-run share
      const lift = rawShareLift(pops[process.env['RECENT'] ?? 'w28'], pops.all);
      for (const hl of [120, 240, 365]) for (const alpha of [0, 0.25, 0.5, 1]) for (const ws of [0.35, 0.5]) {
        const rep: RepFn = (cx, _c, h) => h.times.reduce((sum, t) => sum + decay(now(cx) - t, hl), 0) * Math.pow(lift[h.item], alpha);
        console.log(formatResult(`season hl=${hl} alpha=${alpha} ws=${ws}`, evaluateScorer(ctx, blend(rep, 1, ws, 0.02, pops.tr30))));
      }
    }
    if (spec === 'season2') {
      const lift = rawShareLift(pops[process.env['RECENT'] ?? 'w28'], pops.all);
      const sc = (hl: number, ar: number, as2: number, ws: number, wp: number, pop: Float32Array): Scorer => {
        const pm = maxOf(pop);
        return (c) => {
          const out = new Float32Array(n);
          const s0 = sim(c);
          const s = new Float32Array(n);
          for (let j = 0; j < n; j++) s[j] = s0[j] * Math.pow(lift[j], as2);
          const sm = maxOf(s);
          const r = new Float32Array(n);
          for (const h of ctx.hist.get(c) ?? []) r[h.item] = h.times.reduce((sum, t) => sum + decay(now(ctx) - t, hl), 0) * Math.pow(lift[h.item], ar);
          const rm = maxOf(r);
          for (let j = 0; j < n; j++) out[j] = (rm > 0 ? r[j] / rm : 0) + (sm > 0 ? (ws * s[j]) / sm : 0) + (wp * pop[j]) / pm;
          return out;
        };
      };
      for (const as2 of [0, 0.25, 0.5, 1]) for (const [pn, wp] of [['tr30', 0.02], ['tr30', 0.05], ['w28', 0.02], ['w28', 0.05], ['hl14', 0.05]] as const)
        console.log(formatResult(`season2 ar=0.5 as=${as2} ${pn} wp=${wp}`, evaluateScorer(ctx, sc(240, 0.5, as2, 0.35, wp, pops[pn]))));
    }
    if (spec === 'rr') {
      const lift = rawShareLift(recentBuyers(ctx, Number(process.env['LIFTW'] ?? 28)), pops.all);
      const elig = new Float32Array(n), rep = new Float32Array(n);
      for (const [c, hs] of ctx.hist) {
        const last = ctx.basketTimes.get(c)!;
        const lastB = last[last.length - 1];
        for (const h of hs) if (lastB > h.times[0]) { elig[h.item]++; if (h.baskets > 1) rep[h.item]++; }
      }
      let te = 0, tr = 0;
      for (let j = 0; j < n; j++) { te += elig[j]; tr += rep[j]; }
      const prior = tr / te;
      const rate = new Float32Array(n);
      for (let j = 0; j < n; j++) rate[j] = (rep[j] + 5 * prior) / (elig[j] + 5) / prior;
      console.log('prior repeat rate', prior.toFixed(3));
      const RHO = Number(process.env['RHO'] ?? 1);
      // user-kNN: cosine on idf-less binary item sets, neighbours' recent purchases
      const KN = Number(process.env['KN'] ?? 50), UHL = Number(process.env['UHL'] ?? 30), WU = Number(process.env['WU'] ?? 0);
      const custs = [...ctx.hist.keys()];
      const cidx = new Map(custs.map((c, k) => [c, k]));
      const inv: number[][] = Array.from({ length: n }, () => []);
      const norm = new Float32Array(custs.length);
      custs.forEach((c, k) => { const hs = ctx.hist.get(c)!; norm[k] = Math.sqrt(hs.length); for (const h of hs) inv[h.item].push(k); });
      const uknn = (c: string): Float32Array => {
        const k0 = cidx.get(c)!;
        const dot = new Float32Array(custs.length);
        for (const h of ctx.hist.get(c)!) for (const u of inv[h.item]) dot[u] += 1;
        dot[k0] = 0;
        const cand: number[] = [];
        for (let u = 0; u < custs.length; u++) if (dot[u] > 0) { dot[u] /= norm[u] * norm[k0]; cand.push(u); }
        cand.sort((a, b) => dot[b] - dot[a]);
        const out = new Float32Array(n);
        for (const u of cand.slice(0, KN)) for (const h of ctx.hist.get(custs[u])!) out[h.item] += dot[u] * decay(now(ctx) - h.times[h.times.length - 1], UHL);
        return out;
      };
      // customer's own repeat propensity: share of items in later baskets already bought before
      const cRep = new Map<string, number>();
      let cr = 0, ct = 0;
      const raw = new Map<string, [number, number]>();
      for (const [c, hs] of ctx.hist) {
        let rep2 = 0, tot = 0;
        for (const h of hs) { tot += h.baskets - 1 > 0 ? h.baskets - 1 : 0; rep2 += Math.max(0, h.baskets - 1); }
        // items in later baskets = total (item,basket) pairs minus those in the first basket
        const first = ctx.basketTimes.get(c)![0];
        let pairs = 0, firstPairs = 0;
        for (const h of hs) { pairs += h.baskets; if (h.times[0] === first) firstPairs++; }
        const later = pairs - firstPairs;
        raw.set(c, [rep2, later]); cr += rep2; ct += later; void tot;
      }
      const cprior = cr / ct;
      const CA = Number(process.env['CA'] ?? 20), DELTA = Number(process.env['DELTA'] ?? 0);
      for (const [c, [a, b]] of raw) cRep.set(c, (a + CA * cprior) / (b + CA));
      console.log('customer repeat prior', cprior.toFixed(3));
      let WSO = -1;
      let REPMODE = 'dec', T0 = 30, MIXW = 0;
      const sc = (hl: number, ar: number, gamma: number, shrink: number, ws: number, wp: number): Scorer => {
        const pop = pops[process.env['POPN'] ?? 'w28'];
        wp = Number(process.env['WP'] ?? wp);
        const pm = maxOf(pop);
        return (c) => {
          const out = new Float32Array(n);
          const s0 = sim(c);
          const s = new Float32Array(n);
          for (let j = 0; j < n; j++) s[j] = s0[j] * Math.sqrt(lift[j]);
          const sm = maxOf(s);
          const r = new Float32Array(n);
          const bts = ctx.basketTimes.get(c) ?? [];
          const after = (t: number) => { let lo = 0, hi = bts.length; while (lo < hi) { const m = (lo + hi) >> 1; if (bts[m] <= t) lo = m + 1; else hi = m; } return bts.length - lo; };
          for (const h of ctx.hist.get(c) ?? []) {
            let base: number;
            const span = (now(ctx) - h.times[0]) / DAY_MS;
            const lastAge = now(ctx) - h.times[h.times.length - 1];
            if (REPMODE === 'rate') base = h.baskets / (span + T0);
            else if (REPMODE === 'ratedec') base = (h.baskets / (span + T0)) * decay(lastAge, hl);
            else if (REPMODE === 'poisson') base = 1 - Math.exp((-30 * h.baskets) / (span + T0));
            else if (REPMODE === 'mix') base = h.times.reduce((sum, t) => sum + decay(now(ctx) - t, hl), 0) + MIXW * h.baskets / (span + T0) * 30;
            else base = h.times.reduce((sum, t) => sum + decay(now(ctx) - t, hl) * Math.pow(RHO, after(t)), 0);
            r[h.item] = base * Math.pow(lift[h.item], ar) * Math.pow(rate[h.item], gamma);
          }
          const rm = maxOf(r);
          const B = ctx.nBaskets.get(c) ?? 1;
          const wr = (shrink > 0 ? B / (B + shrink) : 1) * Math.pow(cRep.get(c)! / cprior, DELTA);
          for (let j = 0; j < n; j++) out[j] = (rm > 0 ? wr * r[j] / rm : 0) + (sm > 0 ? (ws * s[j]) / sm : 0) + (wp * pop[j]) / pm;
          if (WSO >= 0 && sm > 0) for (const h of ctx.hist.get(c) ?? []) out[h.item] += ((WSO - ws) * s[h.item]) / sm;
          if (WU > 0) { const u = uknn(c); const um = maxOf(u); if (um > 0) for (let j = 0; j < n; j++) out[j] += (WU * u[j]) / um; }
          return out;
        };
      };
      for (const gamma of (process.env['GAMMAS'] ?? '0,0.5,1').split(',').map(Number)) for (const shrink of (process.env['SHRINKS'] ?? '0,0.5,1,2').split(',').map(Number)) for (const ws of (process.env['WS'] ?? '0.35,0.5').split(',').map(Number))
        for (const ar of (process.env['ALPHAR'] ?? '0.5').split(',').map(Number)) for (const wso of (process.env['WSOS'] ?? '-1').split(',').map(Number)) {
          WSO = wso;
          for (const rm of (process.env['REPMODES'] ?? 'dec').split(',')) for (const t0 of (process.env['T0S'] ?? '30').split(',').map(Number)) {
          [REPMODE, T0] = [rm.split(':')[0], t0]; MIXW = Number(rm.split(':')[1] ?? 0);
          console.log(formatResult(`rr g=${gamma} sh=${shrink} ws=${ws} ar=${ar} wso=${wso}`, evaluateScorer(ctx, sc(Number(process.env['REP_HL'] ?? 240), ar, gamma, shrink, ws, 0.02))) + ` ${rm} T0=${t0}`);
        }}
    }
    if (spec === 'pops') {
      for (const [pn, pop] of Object.entries(pops)) {
        console.log(formatResult(`pop-only ${pn}`, evaluateScorer(ctx, blend(reps.dec120, 0, 0, 1, pop))));
        for (const wp of [0.02, 0.05, 0.1, 0.2]) console.log(formatResult(`  ease+${pn} wp=${wp}`, evaluateScorer(ctx, blend(reps.dec120, 1, 0.35, wp, pop))));
      }
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
