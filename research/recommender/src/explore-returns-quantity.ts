// Returns (cancellation rows) and order quantities as signals on the customer's own products, on
// the shipped recipe replicated in memory on cached states (harness/split-context.ts). Run before quantities
// were in the model: the states it builds with { seasonWindowDays: 14 } now carry the default
// quantity weighting, so pass quantityExponent: 0 to buildSplitContext to reproduce these figures.
// `SPEC=ret,qty SPLITS=... npx tsx --conditions=@reco/source research/recommender/src/explore-returns-quantity.ts`
// Recall@20 all, replica 0.2475 / 0.2487 / 0.3200 / 0.3267 (10-09 / 09-09 / 08-10 / 07-11);
// "new" never moves (own products only):
// - Returns: the customer cancelled some of the item (flag ×0.5-0.8, share, last 60 days), the
//   customer's share of cancelled lines: within ±0.001. The item's cancellation rate either way
//   (^±0.1-1): loses up to 0.028. Nothing.
// - Quantity against the item's median line, per customer × item (qty β=.1 clip 10): 0.2495 /
//   0.2491 / 0.3205 / 0.3279; against the customer's own median line (qtySelf): loses on 10-09;
//   spend share (β=.2): 0.2503 / 0.2473: unstable.
// - Adopted: each basket weighted by (its quantity / the item's median)^β inside the 240-day
//   decayed count (qtyBasket). β=.1 clip 10: 0.2503 / 0.2491 / 0.3205 / 0.3282 (line median),
//   0.2500 / 0.2495 / 0.3207 / 0.3280 with the median over baskets, as the model computes it;
//   every β in .08-.12 and clip 5-∞ is at or above the replica on all four splits.
//   TrainingOptions.quantityExponent / quantityClip.
import { initTensorFlow } from '@reco/ml';
import { isMerchandiseCode } from '@reco/recommendation-tools/model';
import { blendComponents, buildSplitContext, decay, evaluateScorer, formatResult, maxOf, purchasesOf, readOnlineRetail, splitDays, type RetailRow, type Scorer, type SplitContext } from './harness';

interface V {
  /** rep × (1 − retFlag) when the customer cancelled any of the item. */
  retFlag?: number;
  /** rep × exp(−retShare · cancelled/bought quantity). */
  retShare?: number;
  /** rep × (1 + item cancel rate / mean)^−itemRet (item's share of sold quantity cancelled, shrunk). */
  itemRet?: number;
  /** rep × (customer's quantity per basket / item's median quantity per line)^qty, clipped. */
  qty?: number;
  qtyClip?: number;
  /** rep × (customer's quantity per basket on the item / the customer's median line quantity)^qtySelf, clipped. */
  qtySelf?: number;
  /** Repeat count rebuilt: Σ over baskets decay(240 d) · clip(basket quantity / item median)^qtyBasket. */
  qtyBasket?: number;
  /** The item's median over basket quantities (per customer × basket) instead of over lines. */
  medBasket?: boolean;
  /** rep × (customer's spend share on the item · own count)^spend. */
  spend?: number;
  /** Cancellations only within this many days before the cutoff count (retFlag/retShare). */
  retDays?: number;
  /** Whole customer: repeat weight × (1 − custRet · share of lines cancelled). */
  custRet?: number;
}

async function main() {
  await initTensorFlow();
  const raw = readOnlineRetail();
  const rows = purchasesOf(raw);
  const specs = (process.env['SPEC'] ?? 'ret,qty').split(',');
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { seasonWindowDays: 14 });
    const cutoff = Date.parse(day + 'T00:00:00Z');
    const before = raw.filter((r) => r.time < cutoff && r.customerId && isMerchandiseCode(r.productId));
    run(ctx, before, specs);
  }
}

function run(ctx: SplitContext, before: RetailRow[], specs: string[]) {
  const st = ctx.state, h = st.histories, n = st.productIds.length;
  const { rowOf } = ctx;
  const now = ctx.trainedUntil;
  const trMax = maxOf(st.trending);

  // Per customer × item: bought and cancelled quantities, spend; per item: sold/cancelled, line quantities.
  const bought = new Map<string, number>(), cancelled = new Map<string, number>(), cancelledRecent = new Map<string, number>();
  const spendCI = new Map<string, number>(), spendC = new Map<string, number>();
  const linesC = new Map<string, number>(), cancelLinesC = new Map<string, number>();
  const itemSold = new Float64Array(n), itemCancelled = new Float64Array(n);
  const lineQty: number[][] = Array.from({ length: n }, () => []);
  const retDays = 60;
  for (const r of before) {
    const j = ctx.itemOf.get(r.productId);
    if (j === undefined) continue;
    const key = `${r.customerId}|${j}`;
    if (r.invoice.startsWith('C') || r.quantity < 0) {
      cancelled.set(key, (cancelled.get(key) ?? 0) - r.quantity);
      if (now - r.time <= retDays * 86400000) cancelledRecent.set(key, (cancelledRecent.get(key) ?? 0) - r.quantity);
      itemCancelled[j] -= r.quantity;
      cancelLinesC.set(r.customerId, (cancelLinesC.get(r.customerId) ?? 0) + 1);
    } else if (r.quantity > 0) {
      bought.set(key, (bought.get(key) ?? 0) + r.quantity);
      itemSold[j] += r.quantity;
      lineQty[j].push(r.quantity);
      const v = r.quantity * Math.max(0, r.price);
      spendCI.set(key, (spendCI.get(key) ?? 0) + v);
      spendC.set(r.customerId, (spendC.get(r.customerId) ?? 0) + v);
      linesC.set(r.customerId, (linesC.get(r.customerId) ?? 0) + 1);
    }
  }
  // Per customer × item × basket instant: quantity (lines of one basket summed).
  const basketQty = new Map<string, Map<number, number>>();
  for (const r of before) if (!r.invoice.startsWith('C') && r.quantity > 0 && ctx.itemOf.has(r.productId)) {
    const key = `${r.customerId}|${ctx.itemOf.get(r.productId)}`;
    let m = basketQty.get(key);
    if (!m) basketQty.set(key, (m = new Map()));
    m.set(r.time, (m.get(r.time) ?? 0) + r.quantity);
  }
  const custLineQty = new Map<string, number[]>();
  for (const r of before) if (!r.invoice.startsWith('C') && r.quantity > 0 && ctx.itemOf.has(r.productId)) {
    let l = custLineQty.get(r.customerId);
    if (!l) custLineQty.set(r.customerId, (l = []));
    l.push(r.quantity);
  }
  const custMedQty = new Map([...custLineQty].map(([c, l]) => [c, l.sort((a, b) => a - b)[l.length >> 1]]));
  const medQty = new Float64Array(n).fill(1);
  for (let j = 0; j < n; j++) {
    const q = lineQty[j].sort((a, b) => a - b);
    if (q.length) medQty[j] = q[q.length >> 1];
  }
  const medBasketQty = new Float64Array(n).fill(1);
  {
    const per: number[][] = Array.from({ length: n }, () => []);
    for (const [key, m] of basketQty) { const j = Number(key.split('|')[1]); for (const q of m.values()) per[j].push(q); }
    for (let j = 0; j < n; j++) { const q = per[j].sort((a, b) => a - b); if (q.length) medBasketQty[j] = q[q.length >> 1]; }
  }
  let soldAll = 0, cancAll = 0;
  for (let j = 0; j < n; j++) { soldAll += itemSold[j]; cancAll += itemCancelled[j]; }
  const meanRate = cancAll / soldAll;
  const itemRate = new Float64Array(n);
  for (let j = 0; j < n; j++) itemRate[j] = (itemCancelled[j] + 200 * meanRate) / (itemSold[j] + 200) / meanRate;
  let withRet = 0, pairs = 0;
  for (const k of bought.keys()) { pairs++; if (cancelled.has(k)) withRet++; }
  console.log(`--- ${ctx.name}: ${pairs} customer-item pairs, ${withRet} with a cancellation; mean item cancel rate ${meanRate.toFixed(4)}`);

  const parts = blendComponents(ctx);

  const scorer = (v: V): Scorer => (c) => {
    const { rep: rep0, sim, prop: prop0, own } = parts(c);
    const rep = Float32Array.from(rep0);
    let prop = prop0;
    const row = rowOf.get(c)!;
    const nBasketsOf = (i: number) => { for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) if (h.items[a] === i) return h.baskets[a]; return 1; };
    for (const i of own) {
      const key = `${c}|${i}`;
      const b = bought.get(key) ?? 0;
      const x = (v.retDays ? cancelledRecent : cancelled).get(key) ?? 0;
      if (v.retFlag && x > 0) rep[i] *= 1 - v.retFlag;
      if (v.retShare && b > 0) rep[i] *= Math.exp(-v.retShare * Math.min(1, x / b));
      if (v.itemRet) rep[i] *= Math.pow(itemRate[i], -v.itemRet);
      if (v.qty && b > 0) {
        const ratio = b / nBasketsOf(i) / medQty[i];
        const clip = v.qtyClip ?? 4;
        rep[i] *= Math.pow(Math.min(clip, Math.max(1 / clip, ratio)), v.qty);
      }
      if (v.qtyBasket !== undefined) {
        const clip = v.qtyClip ?? 4;
        let sum = 0;
        for (const [t, q] of basketQty.get(key) ?? []) sum += decay(now - t, 240) * Math.pow(Math.min(clip, Math.max(1 / clip, q / (v.medBasket ? medBasketQty : medQty)[i])), v.qtyBasket);
        let a0 = h.offsets[row];
        while (h.items[a0] !== i) a0++;
        rep[i] *= sum / h.decayed[a0];
      }
      if (v.qtySelf && b > 0) {
        const ratio = b / nBasketsOf(i) / (custMedQty.get(c) ?? 1);
        const clip = v.qtyClip ?? 4;
        rep[i] *= Math.pow(Math.min(clip, Math.max(1 / clip, ratio)), v.qtySelf);
      }
      if (v.spend) {
        const s = (spendCI.get(key) ?? 0) / Math.max(1e-9, spendC.get(c) ?? 0);
        rep[i] *= Math.pow(Math.max(1e-3, s * own.length), v.spend);
      }
    }
    if (v.custRet) prop *= 1 - v.custRet * Math.min(1, (cancelLinesC.get(c) ?? 0) / Math.max(1, linesC.get(c) ?? 1));
    const rm = maxOf(rep), sm = maxOf(sim);
    const out = new Float32Array(n);
    for (let j = 0; j < n; j++) out[j] = (rm > 0 ? (prop * rep[j]) / rm : 0) + (sm > 0 ? (0.35 * sim[j]) / sm : 0) + (0.02 * st.trending[j]) / trMax;
    return out;
  };

  const go = (name: string, v: V) => console.log(formatResult(name, evaluateScorer(ctx, scorer(v))));
  go('shipped replica', {});
  if (specs.includes('ret')) {
    for (const g of [0.25, 0.5, 0.8]) go(`retFlag ${g}`, { retFlag: g });
    for (const g of [0.25, 0.5]) go(`retFlag ${g} last ${retDays} d`, { retFlag: g, retDays });
    for (const g of [0.5, 1, 2]) go(`retShare ${g}`, { retShare: g });
    for (const g of [-0.5, -0.25, -0.1, 0.1]) go(`itemRet ${g}`, { itemRet: g });
    for (const g of [0.5, 1]) go(`custRet ${g}`, { custRet: g });
  }
  if (specs.includes('qty')) {
    for (const g of [0.05, 0.1, 0.15, 0.2]) for (const clip of [3, 10]) go(`qty ${g} clip ${clip}`, { qty: g, qtyClip: clip });
    go('qtyBasket 0 (check = replica)', { qtyBasket: 0 });
    for (const g of [0.08, 0.1, 0.12]) for (const clip of [5, 10, 20, 1e9]) go(`qtyBasket ${g} clip ${clip}`, { qtyBasket: g, qtyClip: clip });
    for (const g of [0.1]) for (const clip of [10, 1e9]) go(`qtyBasket ${g} clip ${clip} med/basket`, { qtyBasket: g, qtyClip: clip, medBasket: true });
    for (const g of [0.05, 0.1, 0.2]) for (const clip of [3, 10]) go(`qtySelf ${g} clip ${clip}`, { qtySelf: g, qtyClip: clip });
    for (const g of [0.05, 0.1, 0.2]) go(`spend ${g}`, { spend: g });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
