import { DAY_MS, decay, type RecommenderState } from '@reco/recommendation-tools/model';
import type { SplitContext } from './split-context';

/**
 * Distinct buyers per item over the last `days` training days; with `hl` > 0 each buyer counts
 * the decay of the purchase that counted them (the first met in training order).
 */
export function recentBuyers(ctx: SplitContext, days: number, hl = 0): Float32Array {
  const n = ctx.state.productIds.length;
  const seen = new Set<string>();
  const out = new Float32Array(n);
  for (const r of ctx.sales) {
    const t = r.time as number;
    if (t < ctx.trainedUntil - days * DAY_MS) continue;
    const key = r.customerId + '|' + r.productId;
    if (seen.has(key)) continue;
    seen.add(key);
    out[ctx.itemOf.get(r.productId)!] += hl > 0 ? decay(ctx.trainedUntil - t, hl) : 1;
  }
  return out;
}

/** The model's seasonal lift: an item's share of `recent` buyers over its share of all-time buyers, both smoothed by priors. */
export function seasonLift(recent: Float32Array, allTime: Float32Array, recentPrior = 1, allTimePrior = 10): Float32Array {
  const n = recent.length;
  let rt = 0, at = 0;
  for (let j = 0; j < n; j++) { rt += recent[j] + recentPrior; at += allTime[j] + allTimePrior; }
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = (recent[j] + recentPrior) / rt / ((allTime[j] + allTimePrior) / at);
  return out;
}

/** seasonLift over a `windowDays` window: recent buyers are those whose last purchase is that recent. */
export function seasonLiftOver(state: RecommenderState, windowDays: number, recentPrior = 1, allTimePrior = 10): Float32Array {
  const h = state.histories;
  const recent = new Float32Array(state.customerCounts.length);
  for (let a = 0; a < h.items.length; a++) if (state.trainedUntil - h.lastTime[a] <= windowDays * DAY_MS) recent[h.items[a]] += 1;
  return seasonLift(recent, state.customerCounts, recentPrior, allTimePrior);
}

/** The first lift tried: as seasonLift, but over the raw totals (priors only on the item's counts). */
export function rawShareLift(recent: Float32Array, allTime: Float32Array): Float32Array {
  const n = recent.length;
  const rs = recent.reduce((a, b) => a + b, 0);
  const as = allTime.reduce((a, b) => a + b, 0);
  const lift = new Float32Array(n);
  for (let j = 0; j < n; j++) lift[j] = (recent[j] + 1) / rs / ((allTime[j] + 10) / as);
  return lift;
}
