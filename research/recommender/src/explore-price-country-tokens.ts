// Price-band affinity, country priors, description-token affinity and per-customer slot
// allocation on the shipped recipe, in memory on cached states (harness/split-context.ts). The shipped blend
// (pooled season on repeat, EASE × own season, trending) is replicated exactly, then one
// new-item signal at a time is changed.
// SPEC: price, country, tok, tokown, tokseason, slots, combo, ii, pricerep, pricegate, seg, report.
// `SPEC=price,country,tok,slots SPLITS=... npx tsx --conditions=@reco/source research/recommender/src/explore-price-country-tokens.ts`
// Result (nothing adopted), Recall@20 all/new; replica = shipped 0.2475/0.1176 (10-09),
// 0.2487/0.1132 (09-09), 0.3200/0.1369 (08-10), 0.3267/0.1817 (07-11):
// - Price band (item median training price; Gaussian kernel on log price around the customer's
//   decayed-count-weighted mean, width max(s0, sd), on the item-item score): β=.25 s0=.3
//   0.2483/0.1189, 0.2500/0.1124, 0.3172/0.1335, 0.3254/0.1771; β=.5 s0=.3 0.2486/0.1159,
//   0.2500/0.1111, 0.3169/0.1291, 0.3255/0.1692; β=1 hurts "new" (0.1055 on 09-09). Loses on
//   the two earlier splits. Only for customers with < 60 past products (β=.5, s0=.2-.3):
//   0.2490/0.1156, 0.2510/0.1123, 0.3178/0.1310, 0.3253/0.1696 (< 100: 0.2491, 0.2505, 0.3172,
//   0.3251); β=.75 worse. Price kernel on own products (rep, profile decayed 30/90/240 d, β .1-.5):
//   0.2428-0.2476 / 0.2457-0.2491.
// - Country (non-UK only): item-item × (country lift, shrunk)^β: 0.2471-0.2475 on 10-09
//   (0.3205, 0.3275 on 08-10/07-11); country trending as the popularity term w=.02-.1:
//   0.2473-0.2476. Nothing.
// - Description tokens (TF-IDF of the item's most frequent description, customer profile decayed
//   60 d, cosine): robust "new" gain as item-item × (1 + cos): 0.2476/0.1205, 0.2493/0.1174,
//   0.3211/0.1402, 0.3264/0.1850; re-ordering only the new items (own/new mix kept):
//   0.2476, 0.2502, 0.3199, 0.3270 all. Additive w=.02-.1 raises "new" on 10-09 (0.1213) but
//   lowers "all" (0.2459). Token profile on own products (rep × (1 + μ cos), 30/60 d) 0.2454-
//   0.2467 / 0.2476-0.2490; token-pooled season lift on repeat -0.0005..-0.0025, on item-item
//   0.2476-0.2479 but "new" -0.003 on 10-09. With price β=.25 and/or item-item weight 0.3-0.5:
//   best 10-09 0.2483 (price .25 + tok ×1, preserve), loses on 08-10 (0.3185).
// - Slots from the customer's share of new products (after the first basket, shrunk to 0.5):
//   the first R = 20·(1-share)·m own products fixed changes nothing (they are on top already);
//   strict (own beyond R lose the repeat score) 0.2157-0.2258 on 10-09, 0.2977 on 08-10.
// - SPEC=seg ("all" recall contribution by past products, 10-09): customers < 20 products are 201
//   of 1104 cases and 0.066 of the 0.2475; every variant moves them by <= 0.0006. Price helps the
//   20-60 segment (+0.0007/+0.0009 on 10-09/09-09) and hurts the 60+ one (-0.0003/-0.0010).
// No variant reaches +0.0025 "all" on 10-09; the best (+0.0015/+0.0016, price kernel only for
// customers with < 60/100 past products) loses 0.0022-0.0028 on 08-10 and 0.0014-0.0016 on 07-11.
import { initTensorFlow } from '@reco/ml';
import { isMerchandiseCode, recallAtK } from '@reco/recommendation-tools/model';
import { blendComponents, buildSplitContext, decay, evaluateScorer, formatResult, isSaleLine, maxOf, purchasesOf, readOnlineRetail, splitDays, type RetailRow, type Scorer, type SplitContext } from './harness';

interface V {
  /** sim × kernel(log price)^priceBeta, kernel around the customer's weighted mean log price. */
  priceBeta?: number;
  priceS0?: number; // floor of the kernel's width (log units)
  priceWidthMul?: number; // width = mul · customer's weighted sd (with floor)
  /** sim × (country lift)^countryBeta for customers outside the UK. */
  countryBeta?: number;
  countryShrink?: number; // pseudo-customers of the global share
  /** popularity term from the customer's country (shrunk), with this weight (replaces 0.02). */
  countryPop?: number;
  /** + tokW · cosine(customer token profile, item tokens) / max, non-owned items only. */
  tokW?: number;
  tokMul?: number; // sim × (1 + tokMul · cos)
  tokHl?: number;
  /** own slots = round(20 · (1 − newShare)) where newShare is the customer's share of new products. */
  slotMul?: number;
  slotStrict?: boolean; // own products beyond R lose their repeat score
  /** Re-order new (non-owned) items by the variant but give them the shipped scores by rank: own/new mix unchanged. */
  preserve?: boolean;
  /** rep × (1 + tokOwn · cos(recent token profile, item)) on own products. */
  tokOwn?: number;
  /** rep × exp(tokSeasonRep · mean log token lift), sim × exp(tokSeasonSim · …). */
  tokSeasonRep?: number;
  tokSeasonSim?: number;
  ii?: number; // item-item weight (shipped 0.35)
  /** rep × kernel^priceRep, kernel around the mean log price of purchases decayed with priceRepHl days. */
  priceRep?: number;
  priceRepHl?: number;
  /** Apply the item-item price kernel only to customers with fewer past products. */
  priceMaxOwn?: number;
}

function tokens(desc: string): string[] {
  return desc
    .toUpperCase()
    .split(/[^A-Z]+/)
    .filter((t) => t.length >= 3 && !['THE', 'AND', 'SET', 'OF', 'WITH', 'FOR'].includes(t));
}

async function main() {
  await initTensorFlow();
  const raw = readOnlineRetail();
  const rows = purchasesOf(raw);
  const specs = (process.env['SPEC'] ?? 'price').split(',');
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 });
    const cutoff = Date.parse(day + 'T00:00:00Z');
    const before = raw.filter((r) => r.time < cutoff && isSaleLine(r) && isMerchandiseCode(r.productId));
    run(ctx, before, specs);
  }
}

function run(ctx: SplitContext, before: RetailRow[], specs: string[]) {
  const st = ctx.state, h = st.histories, n = st.productIds.length;
  const { rowOf } = ctx;
  const now = ctx.trainedUntil;
  const trMax = maxOf(st.trending);

  // Item median unit price (training rows), item description tokens (most frequent description).
  const prices: number[][] = Array.from({ length: n }, () => []);
  const descCount: Map<string, number>[] = Array.from({ length: n }, () => new Map());
  for (const r of before) {
    const j = ctx.itemOf.get(r.productId);
    if (j === undefined) continue;
    if (r.price > 0) prices[j].push(r.price);
    if (r.description) descCount[j].set(r.description, (descCount[j].get(r.description) ?? 0) + 1);
  }
  const logPrice = new Float64Array(n).fill(Number.NaN);
  for (let j = 0; j < n; j++) {
    const p = prices[j].sort((a, b) => a - b);
    if (p.length) logPrice[j] = Math.log(p[p.length >> 1]);
  }
  const itemTok: Map<number, number>[] = [];
  const df = new Map<number, number>();
  const vocab = new Map<string, number>();
  for (let j = 0; j < n; j++) {
    const d = [...descCount[j]].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const ts = new Set(tokens(d).map((t) => { let id = vocab.get(t); if (id === undefined) vocab.set(t, (id = vocab.size)); return id; }));
    const m = new Map<number, number>();
    for (const t of ts) { m.set(t, 1); df.set(t, (df.get(t) ?? 0) + 1); }
    itemTok.push(m);
  }
  for (const m of itemTok) {
    let norm = 0;
    for (const t of m.keys()) { const w = Math.log(n / df.get(t)!); m.set(t, w); norm += w * w; }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of m) m.set(t, w / norm);
  }
  // Inverted index token -> items.
  const byTok = new Map<number, [number, number][]>();
  itemTok.forEach((m, j) => { for (const [t, w] of m) { let l = byTok.get(t); if (!l) byTok.set(t, (l = [])); l.push([j, w]); } });

  // Token seasonal lift: buyer-weighted mean log lift of the items carrying the token, shrunk.
  const tokLog = new Map<number, number>();
  {
    const num = new Map<number, number>(), den = new Map<number, number>();
    itemTok.forEach((m, j) => {
      const w = st.customerCounts[j];
      for (const t of m.keys()) { num.set(t, (num.get(t) ?? 0) + w * Math.log(st.season![j])); den.set(t, (den.get(t) ?? 0) + w); }
    });
    for (const [t, x] of num) tokLog.set(t, x / (den.get(t)! + 20));
  }
  const itemTokLog = new Float32Array(n);
  itemTok.forEach((m, j) => {
    let a = 0, b = 0;
    for (const [t, w] of m) { a += w * tokLog.get(t)!; b += w; }
    itemTokLog[j] = b > 0 ? a / b : 0;
  });

  // Country popularity (distinct customers per item per country, decayed 30 d like trending).
  const countryPop = new Map<string, Float32Array>();
  const globalPop = new Float32Array(n);
  for (const [c, hs] of ctx.hist) {
    const co = ctx.country.get(c) ?? '';
    let cp = countryPop.get(co);
    if (!cp) countryPop.set(co, (cp = new Float32Array(n)));
    for (const x of hs) { const w = decay(now - x.times[x.times.length - 1], 30); cp[x.item] += w; globalPop[x.item] += w; }
  }
  const gSum = globalPop.reduce((a, b) => a + b, 0);
  const countryLift = (co: string, shrink: number) => {
    const cp = countryPop.get(co)!;
    const cSum = cp.reduce((a, b) => a + b, 0);
    const out = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      const g = (globalPop[j] + 1e-3) / gSum;
      out[j] = (cp[j] + shrink * g) / (cSum + shrink) / g;
    }
    return out;
  };
  const liftCache = new Map<string, Float32Array>();

  // Customer's share of new products per 30-day window before the cutoff (windows after the first basket).
  const newShare = new Map<string, number>();
  for (const [c, hs] of ctx.hist) {
    const first = new Map(hs.map((x) => [x.item, x.times[0]]));
    const bts = ctx.basketTimes.get(c)!;
    let nNew = 0, tot = 0;
    for (const x of hs) for (const t of x.times) {
      if (t === bts[0]) continue;
      tot++;
      if (t === first.get(x.item)) nNew++;
    }
    newShare.set(c, (nNew + 5 * 0.5) / (tot + 5));
  }

  const parts = blendComponents(ctx);

  const scorer = (v: V): Scorer => (c) => {
    const row = rowOf.get(c)!;
    const { rep: rep0, sim: sim0, prop, own } = parts(c);
    const sim = Float32Array.from(sim0);
    let rep = rep0;
    if (v.tokSeasonRep) { rep = Float32Array.from(rep0); for (const i of own) rep[i] *= Math.exp(v.tokSeasonRep * itemTokLog[i]); }
    if (v.tokSeasonSim) for (let j = 0; j < n; j++) if (sim[j] !== 0) sim[j] *= Math.exp(v.tokSeasonSim * itemTokLog[j]);
    if (v.priceRep) {
      let sw = 0, m = 0, m2 = 0;
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
        const lp = logPrice[h.items[a]];
        if (Number.isNaN(lp)) continue;
        const w = decay(now - h.lastTime[a], v.priceRepHl ?? 60);
        sw += w; m += w * lp; m2 += w * lp * lp;
      }
      if (sw > 0) {
        m /= sw;
        const width = Math.max(v.priceS0 ?? 0.3, Math.sqrt(Math.max(0, m2 / sw - m * m)));
        if (rep === rep0) rep = Float32Array.from(rep0);
        for (const i of own) {
          if (Number.isNaN(logPrice[i])) continue;
          const z = (logPrice[i] - m) / width;
          rep[i] *= Math.exp(-0.5 * z * z * v.priceRep);
        }
      }
    }
    if (v.priceBeta && own.length < (v.priceMaxOwn ?? Infinity)) {
      let sw = 0, m = 0, m2 = 0;
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
        const lp = logPrice[h.items[a]];
        if (Number.isNaN(lp)) continue;
        const w = h.decayed[a];
        sw += w; m += w * lp; m2 += w * lp * lp;
      }
      if (sw > 0) {
        m /= sw;
        const sd = Math.sqrt(Math.max(0, m2 / sw - m * m));
        const width = Math.max(v.priceS0 ?? 0.3, (v.priceWidthMul ?? 1) * sd);
        for (let j = 0; j < n; j++) {
          if (sim[j] === 0 || Number.isNaN(logPrice[j])) continue;
          const z = (logPrice[j] - m) / width;
          sim[j] *= Math.exp((-0.5 * z * z) * v.priceBeta);
        }
      }
    }
    const co = ctx.country.get(c) ?? '';
    if (v.countryBeta && co !== 'United Kingdom') {
      const key = co + '|' + (v.countryShrink ?? 50);
      let l = liftCache.get(key);
      if (!l) liftCache.set(key, (l = countryLift(co, v.countryShrink ?? 50)));
      for (let j = 0; j < n; j++) if (sim[j] !== 0) sim[j] *= Math.pow(l[j], v.countryBeta);
    }
    let tok: Float32Array | undefined;
    if (v.tokW || v.tokMul || v.tokOwn) {
      const prof = new Map<number, number>();
      for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
        const w = decay(now - h.lastTime[a], v.tokHl ?? 60);
        for (const [t, x] of itemTok[h.items[a]]) prof.set(t, (prof.get(t) ?? 0) + w * x);
      }
      let norm = 0;
      for (const x of prof.values()) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      tok = new Float32Array(n);
      for (const [t, x] of prof) for (const [j, w] of byTok.get(t) ?? []) tok[j] += (x / norm) * w;
      if (v.tokOwn) { if (rep === rep0) rep = Float32Array.from(rep0); for (const i of own) rep[i] *= 1 + v.tokOwn * tok[i]; }
      for (const i of own) tok[i] = 0;
      if (v.tokMul) for (let j = 0; j < n; j++) sim[j] *= 1 + v.tokMul * tok[j];
    }
    const rm = maxOf(rep), sm = maxOf(sim);
    const tm = tok ? maxOf(tok) : 0;
    let pop = st.trending, pm = trMax, pw = 0.02;
    if (v.countryPop && co !== 'United Kingdom') {
      const key = co + '|' + (v.countryShrink ?? 50);
      let l = liftCache.get(key);
      if (!l) liftCache.set(key, (l = countryLift(co, v.countryShrink ?? 50)));
      pop = new Float32Array(n);
      for (let j = 0; j < n; j++) pop[j] = st.trending[j] * l[j];
      pm = maxOf(pop);
      pw = v.countryPop;
    }
    const out = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      out[j] = (rm > 0 ? (prop * rep[j]) / rm : 0) + (sm > 0 ? ((v.ii ?? 0.35) * sim[j]) / sm : 0) + (pw * pop[j]) / pm;
      if (v.tokW && tok && tm > 0) out[j] += (v.tokW * tok[j]) / tm;
    }
    if (v.slotMul) {
      // Own products beyond R = round(20·(1 − newShare)·slotMul) compete only with the rest; the first R are fixed.
      const R = Math.round(20 * (1 - newShare.get(c)!) * v.slotMul);
      const ownSorted = own.slice().sort((a, b) => out[b] - out[a]);
      ownSorted.forEach((j, r) => {
        if (r < R) out[j] += 1e6 - r;
        else if (v.slotStrict) out[j] -= rm > 0 ? (prop * rep[j]) / rm : 0;
      });
      // the rest: new items keep their score, remaining own products too
    }
    if (v.preserve) {
      const base = baseScores(c);
      const owned = new Set(own);
      const others: number[] = [];
      for (let j = 0; j < n; j++) if (!owned.has(j)) others.push(j);
      const byVar = others.slice().sort((a, b) => out[b] - out[a] || a - b);
      const baseSorted = others.map((j) => base[j]).sort((a, b) => b - a);
      byVar.forEach((j, r) => (out[j] = baseSorted[r] + 1e-7 * (others.length - r)));
      for (const i of own) out[i] = base[i];
    }
    return out;
  };
  const baseScores = scorer({});

  console.log(`--- ${ctx.name}`);
  const go = (name: string, v: V) => console.log(formatResult(name, evaluateScorer(ctx, scorer(v))));
  go('shipped replica', {});
  if (specs.includes('price'))
    for (const b of [0.25, 0.5, 1]) for (const s0 of [0.3, 0.6]) go(`price β=${b} s0=${s0}`, { priceBeta: b, priceS0: s0 });
  if (specs.includes('country')) {
    for (const b of [0.25, 0.5]) for (const sh of [20, 100]) go(`country lift β=${b} shrink=${sh}`, { countryBeta: b, countryShrink: sh });
    for (const w of [0.02, 0.05, 0.1]) go(`country pop w=${w}`, { countryPop: w, countryShrink: 50 });
  }
  if (specs.includes('tok')) {
    for (const w of [0.02, 0.05, 0.1]) go(`tok add w=${w}`, { tokW: w });
    for (const m of [0.5, 1, 2]) go(`tok mul ${m}`, { tokMul: m });
  }
  if (specs.includes('slots')) for (const m of [0.8, 1, 1.2]) go(`slots strict newShare ×${m}`, { slotMul: m, slotStrict: true });
  if (specs.includes('tokown')) for (const hl of [30, 60]) for (const m of [0.25, 0.5, 1]) go(`tokOwn ${m} hl=${hl}`, { tokOwn: m, tokHl: hl });
  if (specs.includes('tokseason')) {
    for (const g of [0.25, 0.5, 1]) go(`tokSeason rep ${g}`, { tokSeasonRep: g });
    for (const g of [0.25, 0.5]) go(`tokSeason sim ${g}`, { tokSeasonSim: g });
    go('tokSeason rep .5 sim .25', { tokSeasonRep: 0.5, tokSeasonSim: 0.25 });
  }
  if (specs.includes('seg')) {
    // "all" recall by the customer's number of past products, per variant.
    const segs: [number, number][] = [[0, 5], [5, 10], [10, 20], [20, 60], [60, 1e9]];
    const variants: [string, V][] = [['shipped', {}], ['tok×1', { tokMul: 1 }], ['tok×1 pres', { tokMul: 1, preserve: true }], ['price.5', { priceBeta: 0.5, priceS0: 0.3 }], ['tokAdd.1', { tokW: 0.1 }], ['ii.3', { ii: 0.3 }]];
    const res = variants.map(([name, v]) => {
      const sc = scorer(v);
      const acc = segs.map(() => [0, 0]);
      for (const cs of ctx.cases.all) {
        const s = sc(cs.customerId);
        const top = [...Array(n).keys()].sort((a, b) => s[b] - s[a] || a - b).slice(0, 20).map((j) => st.productIds[j]);
        const m = parts(cs.customerId).own.length;
        const k = segs.findIndex(([lo, hi]) => m >= lo && m < hi);
        acc[k][0] += recallAtK(top, cs.truth, 20);
        acc[k][1]++;
      }
      return `${name.padEnd(12)} ` + acc.map((a, k) => `${segs[k][0]}+ (${a[1]}): ${(a[0] / ctx.cases.all.length).toFixed(4)}`).join('  ');
    });
    for (const r of res) console.log(r);
  }
  if (specs.includes('pricerep')) {
    for (const hl of [30, 90, 240]) for (const b of [0.1, 0.25, 0.5]) go(`priceRep β=${b} hl=${hl}`, { priceRep: b, priceRepHl: hl });
    for (const mo of [40, 60]) for (const b of [0.25, 0.5]) go(`price β=${b} own<${mo}`, { priceBeta: b, priceS0: 0.3, priceMaxOwn: mo });
  }
  if (specs.includes('pricegate'))
    for (const mo of [60, 100]) for (const b of [0.5, 0.75]) for (const s0 of [0.2, 0.3]) go(`price β=${b} s0=${s0} own<${mo}`, { priceBeta: b, priceS0: s0, priceMaxOwn: mo });
  if (specs.includes('report')) {
    go('price β=0.25 s0=0.3', { priceBeta: 0.25, priceS0: 0.3 });
    go('price β=0.5 s0=0.3', { priceBeta: 0.5, priceS0: 0.3 });
    go('country lift β=0.25 shrink=100', { countryBeta: 0.25, countryShrink: 100 });
    go('country pop w=0.05', { countryPop: 0.05, countryShrink: 50 });
    go('tok mul 1', { tokMul: 1 });
    go('tok mul 1 preserve', { tokMul: 1, preserve: true });
    go('price .25/.3 + tok mul 1 preserve', { priceBeta: 0.25, priceS0: 0.3, tokMul: 1, preserve: true });
    go('slots strict newShare ×1.2', { slotMul: 1.2, slotStrict: true });
  }
  if (specs.includes('ii'))
    for (const ii of [0.3, 0.4, 0.5]) {
      go(`ii ${ii}`, { ii });
      go(`ii ${ii} tok mul 1`, { ii, tokMul: 1 });
      go(`ii ${ii} price .25/.3 tok mul 1`, { ii, priceBeta: 0.25, priceS0: 0.3, tokMul: 1 });
    }
  if (specs.includes('combo')) {
    go('tok mul 1 preserve', { tokMul: 1, preserve: true });
    go('tok mul 2 preserve', { tokMul: 2, preserve: true });
    go('price .5/.3 preserve', { priceBeta: 0.5, priceS0: 0.3, preserve: true });
    go('price .25/.3 + tok mul 1', { priceBeta: 0.25, priceS0: 0.3, tokMul: 1 });
    go('price .5/.3 + tok mul 1', { priceBeta: 0.5, priceS0: 0.3, tokMul: 1 });
    go('price .5/.3 + tok mul 2 preserve', { priceBeta: 0.5, priceS0: 0.3, tokMul: 2, preserve: true });
    go('price .25/.3 + tok mul 1 preserve', { priceBeta: 0.25, priceS0: 0.3, tokMul: 1, preserve: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
