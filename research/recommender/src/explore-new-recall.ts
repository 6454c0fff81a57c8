// Issue 15: "new" Recall@20 at 2011-10-09 fell 0.1176 -> 0.1167 with the open data model (issue
// 14), "all" unchanged at 0.2510. Replays from the CSV what `reco evaluate` trains and scores on
// under the data rules before and after, with the fit and the Recommender, and variants of the
// item-item lists and of the scoring (a replica of the Recommender's purchase-only scoring).
// `DATA=old,upper,fee,open SPLITS=2011-10-09,2011-09-09 RETAIL_CSV=... npx tsx --conditions=@reco/source research/recommender/src/explore-new-recall.ts`
// Other knobs: OPTS (training options, `;`-separated JSON), BLEND (likewise), NB (neighbour
// lists of the full EASE weights: pos:W, abs:W, mix:P:N[:S], `/dD` EDLAE dropout, `/lL` λ),
// SCORE (model, replica, or replica variants joined by `+`), GUESTS=1, MIX=1, KS=1,2,5, BUCKETS=1.
// Results (Recall@20 all / new, NDCG in brackets where it matters; "open" = today's data):
// - Cause: the fee rule of a7c2960 (23444 Next Day Carriage and 23574 PACKING CHARGE no longer
//   train). DATA=upper (codes upper-cased) and DATA=avail change nothing at 10-09; DATA=fee alone
//   gives 0.1167. The old state with those two hidden scores 0.1176 on today's truth, so it is
//   the fit (two fewer EASE columns), not the truth. Six customers' lists move; three gain,
//   three lose; the whole -0.0009 is one customer (17966) whose only new product (16169E) was
//   20th and is now 21st.
// - Training the fee lines again but never recommending them (openFees) restores 0.2510 /
//   0.1176 at 10-09 (09-09 0.2504 / 0.1137 against 0.2505 / 0.1136); every non-recommendable
//   product training (openAll: postage, fees...) 0.2509 / 0.1173. UCI-specific; not adopted.
// - Neighbour lists (10-09 / 09-09, against 0.2510 / 0.1167 and 0.2505 / 0.1136): 400 positive
//   0.2502 / 0.1178, 0.2500 / 0.1161; 100: 0.2506 / 0.1146, 0.2494 / 0.1141. Negative EASE
//   weights kept (abs:200) 0.2484 / 0.1220, 0.2510 / 0.1177; the 5 most negative besides the
//   200 positive (mix:200:5) 0.2499 / 0.1222, 0.2505 / 0.1174, and on 08-10 / 07-11 "new" +0.0007
//   / +0.0008: "new" gains on four splits, but Recall@1-2 of new products drops (the top of the
//   list), so "all" loses on three; item-item weight 0.25-0.45 does not mend it.
// - EDLAE (dropout 0.1 / 0.25 / 0.5): 0.2513 / 0.1173, 0.2515 / 0.1178, 0.2506 / 0.1174 at 10-09;
//   0.2503 / 0.1139, 0.2497 / 0.1141, 0.2504 / 0.1144 at 09-09. Guest invoices as Gram rows: -new
//   on 09-09 (0.1079; ≤ 100 items 0.1113). Item-item input × √baskets or (1 + ln baskets), or
//   √(Σ decayed baskets): up at 10-09 (0.2519 / 0.1195 for the last), "all" -0.0013..-0.0024 at
//   09-09. Max-normalising over the candidates only (candmax): 0.1174 / 0.1144 "new", "all" same.
// - Adopted: the popularity term × the repeat score's pooled seasonal lift (popseasonpooled),
//   as the repeat and item-item terms already are: 0.2512 (.3236) / 0.1189 (.1278) at 10-09,
//   0.2505 (.3384) / 0.1144 (.1275) at 09-09, 0.3215 / 0.1378 at 08-10 (0.3218 / 0.1372 before),
//   0.3284 / 0.1807 at 07-11 (0.3285 / 0.1818). The item's own lift (popseason) instead: same at
//   10-09, "new" 0.1792 at 07-11. `replica` is the Recommender before that change.
import { initTensorFlow, invertSpd, tf } from '@reco/ml';
import {
  DEFAULT_BLEND,
  evaluateRanker,
  evaluationCases,
  fitRecommender,
  isMerchandiseCode,
  Recommender,
  temporalSplit,
  toPurchaseColumns,
  type Interaction,
  DAY_MS,
  decay,
  pooledSeason,
  type BlendWeights,
  type EvaluationCase,
  type RecommenderState,
  type SparseNeighbours,
  type TrainingOptions,
} from '@reco/recommendation-tools/model';
import { isSaleLine, maxOf, readOnlineRetail, splitDays, type RetailRow } from './harness';

// Fee titles the UCI adapter marks not recommendable (libs/data merchandise.ts, FEE_DESCRIPTION).
const FEE_DESCRIPTION = /\b(carriage|postage|delivery|shipping|fees?|charges?)$/i;

interface DataRules {
  /** Upper-case stock codes (15056bl and 15056BL one product), as the UCI adapter does. */
  upper: boolean;
  /** 5-digit codes whose most frequent title ends in a fee word do not train (23444 Next Day Carriage). */
  fee: boolean;
  /** Products never sold at a positive price are not recommended (`available` false). */
  available: boolean;
  /** Every product's lines train (fees, postage, hidden); only recommendable ones are recommended and scored. */
  trainAll?: boolean;
  /** Only the fee lines with a product code (23444, 23574) train besides the recommendable ones. */
  trainFees?: boolean;
}

const DATA: Record<string, DataRules> = {
  old: { upper: false, fee: false, available: false },
  upper: { upper: true, fee: false, available: false },
  fee: { upper: false, fee: true, available: false },
  avail: { upper: false, fee: false, available: true },
  open: { upper: true, fee: true, available: true },
  openAll: { upper: true, fee: true, available: true, trainAll: true },
  openFees: { upper: true, fee: true, available: true, trainFees: true },
};

function purchasesUnder(raw: readonly RetailRow[], rules: DataRules): { rows: Interaction[]; train: Interaction[]; unavailable: string[] } {
  const code = (r: RetailRow) => (rules.upper ? r.productId.toUpperCase() : r.productId);
  // Title: the most frequent description, ties to the first alphabetically (aggregates.ts).
  const titles = new Map<string, Map<string, number>>();
  const sold = new Set<string>();
  for (const r of raw) {
    const id = code(r);
    let m = titles.get(id);
    if (!m) titles.set(id, (m = new Map()));
    if (r.description) m.set(r.description, (m.get(r.description) ?? 0) + 1);
    if (isSaleLine(r) && r.price > 0) sold.add(id);
  }
  const recommendable = new Set<string>();
  const fees = new Set<string>();
  for (const [id, m] of titles) {
    if (!isMerchandiseCode(id)) continue;
    const title = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
    if (rules.fee && FEE_DESCRIPTION.test(title.trim())) fees.add(id);
    else recommendable.add(id);
  }
  const trains = (id: string) => recommendable.has(id) || (rules.trainFees === true && fees.has(id)) || rules.trainAll === true;
  const sales = raw
    .filter((r) => r.customerId && isSaleLine(r) && trains(code(r)))
    .map((r) => ({ customerId: r.customerId, productId: code(r), quantity: r.quantity, time: r.time, country: r.country }));
  const rows = sales.filter((r) => recommendable.has(r.productId));
  const trained = new Set(sales.map((r) => r.productId));
  const unavailable = [...trained].filter((p) => !recommendable.has(p) || (rules.available && !sold.has(p)));
  return { rows, train: sales, unavailable };
}

/**
 * The full EASE weights B (row i: what buying i suggests) of a state's purchase histories, as
 * fitRecommender builds them (decayed last purchase, itemHalfLifeDays; no views in this file).
 */
function easeWeights(state: RecommenderState, extraRows: readonly { items: number[]; weight: number }[] = [], dropout = 0, lambda = state.options.lambda): Float32Array {
  const n = state.productIds.length, h = state.histories, opts = state.options;
  const gram = new Float32Array(n * n);
  for (const r of extraRows) for (const i of r.items) for (const j of r.items) gram[i * n + j] += r.weight * r.weight;
  for (let c = 0; c + 1 < h.offsets.length; c++) {
    for (let a = h.offsets[c]; a < h.offsets[c + 1]; a++) {
      const wa = decay(state.trainedUntil - h.lastTime[a], opts.itemHalfLifeDays);
      for (let b = h.offsets[c]; b < h.offsets[c + 1]; b++) gram[h.items[a] * n + h.items[b]] += wa * decay(state.trainedUntil - h.lastTime[b], opts.itemHalfLifeDays);
    }
  }
  // EDLAE (Steck 2020): dropout p of the input adds p/(1-p)·G_ii to each diagonal entry, a
  // penalty that grows with the item's own weight (popular items are regularised more).
  for (let i = 0; i < n; i++) gram[i * n + i] += lambda + (dropout / (1 - dropout)) * gram[i * n + i];
  const p = tf.tidy(() => invertSpd(tf.tensor2d(gram, [n, n])));
  const dense = p.dataSync() as Float32Array;
  p.dispose();
  const diag = new Float32Array(n);
  for (let j = 0; j < n; j++) diag[j] = dense[j * n + j];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dense[i * n + j] = i === j ? 0 : -dense[i * n + j] / diag[j];
  return dense;
}

/**
 * Neighbour lists of B: `pos:W` the W largest positive weights per row (as shipped), `abs:W` the
 * W largest in magnitude (negative ones too), `W` = `all` for every item; `mix:P:N[:S]` the P
 * largest positive and the N most negative (those × S).
 */
function neighboursOf(dense: Float32Array, n: number, spec: string): SparseNeighbours {
  const [kind, w, neg, negScale = '1'] = spec.split(':');
  const count = (x: string) => (x === 'all' ? n : Number(x));
  const width = kind === 'mix' ? count(w) + count(neg) : count(w);
  const index = new Int32Array(n * width).fill(-1);
  const weight = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const row = dense.subarray(i * n, (i + 1) * n);
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i && row[j] !== 0);
    let picked: number[];
    if (kind === 'abs') picked = others.sort((a, b) => Math.abs(row[b]) - Math.abs(row[a])).slice(0, width);
    else {
      picked = others.filter((j) => row[j] > 0).sort((a, b) => row[b] - row[a]).slice(0, count(w));
      if (kind === 'mix') picked.push(...others.filter((j) => row[j] < 0).sort((a, b) => row[a] - row[b]).slice(0, count(neg)));
    }
    picked.forEach((j, slot) => {
      index[i * width + slot] = j;
      weight[i * width + slot] = row[j] < 0 ? row[j] * Number(negScale) : row[j];
    });
  }
  return { width, index, weight };
}

// The Recommender's purchase-only scoring (no views, no live events, `now` = trainedUntil),
// replicated so a variant can change one step. Same constants as recommender.ts.
const REPLENISH_HORIZON_DAYS = 30;
const REPLENISH_CLIP = 2;

/**
 * Scoring variants: `replica` (= the Recommender), `clip` (a negative item-item sum counts 0);
 * the item-item input of an own product × √baskets (`basketsqrt`), × (1 + ln baskets)
 * (`basketlog`), or √(Σ over its baskets of the decay) instead of the last basket's (`sqrtsum`);
 * `ownpos`: the customer's own products scored from the state's (positive) neighbour lists, the
 * others from NB's; `popseason`: the popularity term × the season factor too, like the others;
 * `popseasonpooled`: that with the repeat score's pooled season; `candmax`: each component
 * max-normalised over the candidates (eligible, not excluded) instead of over every item.
 * Several at once: joined by `+`.
 */
type ScoreVariant = 'replica' | 'clip' | 'basketsqrt' | 'basketlog' | 'sqrtsum' | 'ownpos' | 'popseason' | 'popseasonpooled' | 'candmax';

/** Per history entry (CSR slot of state.histories): Σ over its distinct baskets of decay(age, itemHalfLifeDays). */
function decayedBasketSums(state: RecommenderState, train: readonly Interaction[]): Float32Array {
  const h = state.histories;
  const itemOf = new Map(state.productIds.map((p, i) => [p, i]));
  const times = new Map<string, Set<number>>();
  for (const r of train) {
    const key = `${r.customerId}|${itemOf.get(r.productId)}`;
    let set = times.get(key);
    if (!set) times.set(key, (set = new Set()));
    set.add(r.time as number);
  }
  const out = new Float32Array(h.items.length);
  h.customerIds.forEach((c, row) => {
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
      for (const t of times.get(`${c}|${h.items[a]}`) ?? []) out[a] += decay(state.trainedUntil - t, state.options.itemHalfLifeDays);
    }
  });
  return out;
}

function replicaScorer(state: RecommenderState, itemItem: SparseNeighbours, unavailable: ReadonlySet<string>, blend: Required<BlendWeights>, variants: string, basketSums?: Float32Array) {
  const on = new Set(variants.split('+'));
  const variant = { has: (v: ScoreVariant) => on.has(v) };
  const n = state.productIds.length, h = state.histories, opts = state.options;
  const eligible = state.productIds.map((p) => !unavailable.has(p));
  const repeatSeason = blend.seasonNeighbours > 0 ? pooledSeason(state.season!, state.itemItem, blend.seasonNeighbours) : state.season!;
  const repeatFactor = new Float32Array(n), similarFactor = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    similarFactor[j] = Math.pow(state.season![j], blend.season);
    repeatFactor[j] = Math.pow(repeatSeason[j], blend.season) * Math.pow(state.repeatRate![j], blend.repeatRate);
  }
  const popSeason = variant.has('popseasonpooled') ? Float32Array.from(repeatSeason, (x) => Math.pow(x, blend.season)) : similarFactor;
  const popular = Float32Array.from(state.trending, (t, j) => (variant.has('popseason') || variant.has('popseasonpooled') ? t * popSeason[j] : t));
  const trendingMax = Math.max(1e-12, ...popular);
  const rowOf = new Map(h.customerIds.map((c, r) => [c, r]));
  const replenishment = (coverageDays: number, sinceLastMs: number) => {
    if (!(coverageDays > 0) || blend.replenishment === 0) return 1;
    const due = (sinceLastMs / DAY_MS + REPLENISH_HORIZON_DAYS) / Math.max(1, coverageDays);
    return Math.pow(Math.min(REPLENISH_CLIP, Math.max(1 / REPLENISH_CLIP, due)), blend.replenishment);
  };
  return (customerId: string, excluded: Uint8Array): Float32Array => {
    const row = rowOf.get(customerId)!;
    const now = state.trainedUntil;
    const repeat = new Float32Array(n), similar = new Float32Array(n), scores = new Float32Array(n).fill(-Infinity);
    const ownSimilar = new Float32Array(n), owned = new Uint8Array(n);
    const repeatWeight = blend.repeat * Math.pow(h.repeatPropensity![row], blend.propensity);
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
      const i = h.items[a];
      repeat[i] = h.decayed[a] * replenishment(h.coverageDays![a], now - h.lastTime[a]) * repeatFactor[i];
      let x = decay(now - h.lastTime[a], opts.itemHalfLifeDays) * opts.interactionWeights.purchase;
      if (variant.has('basketsqrt')) x *= Math.sqrt(h.baskets[a]);
      else if (variant.has('basketlog')) x *= 1 + Math.log(h.baskets[a]);
      else if (variant.has('sqrtsum')) x = Math.sqrt(basketSums![a]) * opts.interactionWeights.purchase;
      for (let s = i * itemItem.width, end = s + itemItem.width; s < end && itemItem.index[s] >= 0; s++) similar[itemItem.index[s]] += x * itemItem.weight[s];
      owned[i] = 1;
      const nb = state.itemItem;
      if (variant.has('ownpos')) for (let s = i * nb.width, end = s + nb.width; s < end && nb.index[s] >= 0; s++) ownSimilar[nb.index[s]] += x * nb.weight[s];
    }
    if (variant.has('ownpos')) for (let j = 0; j < n; j++) if (owned[j]) similar[j] = ownSimilar[j];
    for (let j = 0; j < n; j++) {
      similar[j] *= similarFactor[j];
      if (variant.has('clip') && similar[j] < 0) similar[j] = 0;
    }
    let repeatMax = maxOf(repeat), similarMax = maxOf(similar);
    if (variant.has('candmax')) {
      repeatMax = similarMax = 0;
      for (let j = 0; j < n; j++) {
        if (!eligible[j] || excluded[j]) continue;
        repeatMax = Math.max(repeatMax, repeat[j]);
        similarMax = Math.max(similarMax, similar[j]);
      }
    }
    for (let j = 0; j < n; j++) {
      if (!eligible[j]) continue;
      const r = repeatMax > 0 ? (repeatWeight * repeat[j]) / repeatMax : 0;
      const s = similarMax > 0 ? (blend.itemItem * similar[j]) / similarMax : 0;
      scores[j] = r + s + (blend.popularity * popular[j]) / trendingMax;
    }
    return scores;
  };
}

/** Indices of the k best scores not excluded, best first; ties to the lower index (top-k.ts). */
function topOf(scores: Float32Array, excluded: (j: number) => boolean, k: number): number[] {
  const out: number[] = [];
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
  for (let j = 0; j < scores.length; j++) {
    if (scores[j] === -Infinity || excluded(j) || (out.length === k && !better(j, out[k - 1]))) continue;
    let p = out.length;
    while (p > 0 && better(j, out[p - 1])) p--;
    out.splice(p, 0, j);
    if (out.length > k) out.pop();
  }
  return out;
}

/** "all" lists: slots and hits per customer on own products and on new ones. */
function listMix(rank: (c: string, k: number, exclude: ReadonlySet<string>) => string[], cases: readonly EvaluationCase[]): string {
  let ownSlots = 0, newSlots = 0, ownHits = 0, newHits = 0;
  for (const c of cases) {
    for (const p of rank(c.customerId, 20, new Set())) {
      const own = c.history.has(p);
      if (own) ownSlots++;
      else newSlots++;
      if (c.truth.has(p) && own) ownHits++;
      else if (c.truth.has(p)) newHits++;
    }
  }
  const per = (x: number) => (x / cases.length).toFixed(3);
  return `slots own ${per(ownSlots)} new ${per(newSlots)} hits own ${per(ownHits)} new ${per(newHits)}`;
}

/** Guest invoices before the cut-off as item-item rows: their trained products, decayed like a customer's. */
function guestRows(raw: readonly RetailRow[], rules: DataRules, state: RecommenderState, cutoff: number): { items: number[]; weight: number }[] {
  const itemOf = new Map(state.productIds.map((p, i) => [p, i]));
  const invoices = new Map<string, { items: Set<number>; time: number }>();
  for (const r of raw) {
    if (r.customerId || !isSaleLine(r) || r.time >= cutoff) continue;
    const i = itemOf.get(rules.upper ? r.productId.toUpperCase() : r.productId);
    if (i === undefined) continue;
    let inv = invoices.get(r.invoice);
    if (!inv) invoices.set(r.invoice, (inv = { items: new Set(), time: r.time }));
    inv.items.add(i);
  }
  const maxItems = Number(process.env['GUEST_MAX_ITEMS'] ?? Infinity);
  return [...invoices.values()]
    .filter((v) => v.items.size <= maxItems)
    .map((v) => ({ items: [...v.items], weight: decay(state.trainedUntil - v.time, state.options.itemHalfLifeDays) }));
}

/** Recall@20 summed (not averaged: the share of the mode's mean) per history size: < 20, 20-59, 60+ own products. */
function byHistory(rank: (c: string, k: number, exclude: ReadonlySet<string>) => string[], cases: readonly EvaluationCase[]): string {
  const sums = [0, 0, 0];
  const mode = cases.every((c) => [...c.truth].every((p) => !c.history.has(p))) ? 'new' : 'all';
  for (const c of cases) {
    const top = rank(c.customerId, 20, mode === 'new' ? c.history : new Set());
    const b = c.history.size < 20 ? 0 : c.history.size < 60 ? 1 : 2;
    sums[b] += top.filter((p) => c.truth.has(p)).length / c.truth.size / cases.length;
  }
  return `${mode} by history ${sums.map((x) => x.toFixed(4)).join(' / ')}`;
}

/** `;`-separated JSON objects from an environment variable (OPTS, BLEND); `{}` is the default. */
function variants<T>(name: string): Partial<T>[] {
  return (process.env[name] ?? '{}').split(';').map((v) => JSON.parse(v) as Partial<T>);
}

async function main(): Promise<void> {
  await initTensorFlow();
  const raw = readOnlineRetail(process.env['RETAIL_CSV'] || undefined); // default: ../shared beside the repo
  for (const name of (process.env['DATA'] ?? 'open').split(',')) {
    const { rows, train, unavailable } = purchasesUnder(raw, DATA[name]);
    const catalog = unavailable.map((productId) => ({ productId, available: false }));
    const unavailableSet = new Set(unavailable);
    for (const day of splitDays()) {
      const cutoff = Date.parse(day + 'T00:00:00Z');
      // The truth: recommendable products only; the fit: whatever the rules train on.
      const split = temporalSplit(rows, { cutoff, days: 30 });
      const cases = { all: evaluationCases(split, 'all'), new: evaluationCases(split, 'new') };
      const trainRows = temporalSplit(train, { cutoff, days: 30 }).train;
      const trainColumns = toPurchaseColumns(trainRows);
      for (const options of variants<TrainingOptions>('OPTS')) {
        const state = fitRecommender(trainColumns, options);
        // NB: `;`-separated neighbour lists of the full EASE weights in place of the state's
        // (the repeat score's pooled season keeps the state's own).
        const nbSpecs = process.env['NB']?.split(';') ?? [''];
        // GUESTS=1: guest invoices (no customer id) join the Gram as rows of their own.
        const guests = process.env['GUESTS'] ? guestRows(raw, DATA[name], state, cutoff) : [];
        // NB entries: `pos:200` or `pos:200/d0.25` (EDLAE dropout) or `pos:200/d0.25/l50` (and λ).
        const denseOf = new Map<string, Float32Array>();
        const dense = (spec: string) => {
          const [, d = 'd0', l = `l${state.options.lambda}`] = spec.split('/');
          const key = `${d}/${l}`;
          if (!denseOf.has(key)) denseOf.set(key, easeWeights(state, guests, Number(d.slice(1)), Number(l.slice(1))));
          return denseOf.get(key)!;
        };
        let basketSums: Float32Array | undefined;
        const scoreVariants = (process.env['SCORE'] ?? 'model').split(';');
        const combos = nbSpecs.flatMap((nb) => variants<BlendWeights>('BLEND').flatMap((b) => scoreVariants.map((v) => [nb, b, v] as const)));
        for (const [nbSpec, blend, scoring] of combos) {
          const st = { ...state };
          const model = new Recommender(st, catalog, { ...DEFAULT_BLEND, ...blend });
          if (nbSpec) st.itemItem = neighboursOf(dense(nbSpec), state.productIds.length, nbSpec.split('/')[0]);
          let rank = (c: string, k: number, exclude: ReadonlySet<string>) => model.recommend(c, { k, excludeProductIds: exclude }).map((r) => r.productId);
          if (scoring !== 'model') {
            basketSums ??= decayedBasketSums(state, trainRows);
            const scorer = replicaScorer(state, st.itemItem, unavailableSet, model.blend, scoring, basketSums);
            const cache = new Map<string, Float32Array>();
            const itemOf = new Map(state.productIds.map((p, i) => [p, i]));
            rank = (c, k, exclude) => {
              const ex = new Uint8Array(state.productIds.length);
              for (const p of exclude) if (itemOf.has(p)) ex[itemOf.get(p)!] = 1;
              const key = `${c}|${exclude.size}`;
              let sc = cache.get(key);
              if (!sc) cache.set(key, (sc = scorer(c, ex)));
              return topOf(sc, (j) => ex[j] === 1, k).map((j) => state.productIds[j]);
            };
          }
          const line = [`${name} ${day} ${JSON.stringify(options)} ${JSON.stringify(blend)} ${nbSpec} ${scoring}`.padEnd(64)];
          for (const mode of ['all', 'new'] as const) {
            const m = evaluateRanker(rank, cases[mode], mode, 20);
            line.push(`${mode}(${m.customers}) R ${m.recall.toFixed(4)} N ${m.ndcg.toFixed(4)}`);
          }
          if (process.env['MIX']) line.push(listMix(rank, cases.all));
          if (process.env['BUCKETS']) line.push(byHistory(rank, cases.all), byHistory(rank, cases.new));
          for (const k of (process.env['KS'] ?? '').split(',').filter(Boolean).map(Number)) {
            line.push(`new R@${k} ${evaluateRanker(rank, cases.new, 'new', k).recall.toFixed(4)}`);
          }
          console.log(line.join(' | '));
        }
      }
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
