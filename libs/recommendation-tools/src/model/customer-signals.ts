import { decay } from './decay';
import { DAY_MS, timeOf, type InteractionKind } from './interaction';
import type { RankingScratch } from './ranking-scratch';
import type { BlendWeights, LiveEvent } from './recommender-options';
import type { RecommenderState } from './recommender-state';

// Replenishment looks one month ahead (the horizon recommendations are judged on), and a
// factor of at most 2 either way: a pace read from a few baskets is rough.
const REPLENISH_HORIZON_DAYS = 30;
const REPLENISH_CLIP = 2;

// How much a live event counts, in purchases.
const LIVE_WEIGHT: Record<InteractionKind, number> = { purchase: 1, cart: 0.6, view: 0.25 };

/** What the Recommender fixed when it loaded the model, that scoring one customer reads. */
export interface SignalContext {
  state: RecommenderState;
  blend: Required<BlendWeights>;
  itemIndex: ReadonlyMap<string, number>;
  /** Per-item multipliers of the repeat and the item-item scores (season, repeat rate). */
  repeatFactor: Float32Array;
  similarFactor: Float32Array;
}

/** The customer's rows in the state's histories and interactions (undefined: none). */
export interface CustomerRows {
  purchases: number | undefined;
  interactions: number | undefined;
}

export interface CustomerSignals {
  /** Item -> weight in the item-item input row, in insertion order (it fixes the float sums). */
  input: Map<number, number>;
  /** `in-cart` / `recently-viewed` of live events on items not bought. */
  liveReason: Map<number, string>;
  /** blend.repeat times the customer's repeat propensity. */
  repeatWeight: number;
}

/**
 * Writes the repeat scores and purchases of the customer's history and the live events into
 * `scratch` (touching only those items), and returns the item-item input row.
 */
export function customerSignals(ctx: SignalContext, scratch: RankingScratch, rows: CustomerRows, events: readonly LiveEvent[], now: number): CustomerSignals {
  const { state, blend } = ctx;
  const opts = state.options;
  const { repeat, bought } = scratch;
  const input = new Map<number, number>();
  const liveReason = new Map<number, string>();
  const purchaseWeight = opts.interactionWeights?.purchase ?? 1; // absent in old states
  let repeatWeight = blend.repeat;
  const row = rows.purchases;
  if (row !== undefined) {
    const propensity = state.histories.repeatPropensity?.[row] ?? 1;
    repeatWeight *= Math.pow(propensity, blend.propensity);
    const h = state.histories;
    const shift = decay(now - state.trainedUntil, opts.repeatHalfLifeDays);
    for (let a = h.offsets[row]; a < h.offsets[row + 1]; a++) {
      const i = h.items[a];
      scratch.touch(i);
      repeat[i] = h.decayed[a] * shift * replenishmentFactor(blend, h.coverageDays?.[a] ?? 0, now - h.lastTime[a]);
      bought[i] = 1;
      input.set(i, decay(now - h.lastTime[a], opts.itemHalfLifeDays) * purchaseWeight);
    }
  }
  const looked = state.interactions;
  if (looked && rows.interactions !== undefined) {
    const shift = decay(Math.max(0, now - state.trainedUntil), opts.itemHalfLifeDays);
    for (let a = looked.offsets[rows.interactions]; a < looked.offsets[rows.interactions + 1]; a++) {
      const i = looked.items[a];
      input.set(i, Math.max(input.get(i) ?? 0, looked.weights[a] * shift));
    }
  }
  for (const e of events) {
    const i = ctx.itemIndex.get(e.productId);
    if (i === undefined) continue;
    scratch.touch(i);
    const w = LIVE_WEIGHT[e.kind] * decay(Math.max(0, now - timeOf(e)), opts.repeatHalfLifeDays);
    repeat[i] += w;
    input.set(i, Math.max(input.get(i) ?? 0, LIVE_WEIGHT[e.kind]));
    if (e.kind === 'purchase') bought[i] = 1;
    else if (!bought[i]) liveReason.set(i, e.kind === 'cart' ? 'in-cart' : 'recently-viewed');
  }
  for (const j of scratch.touched()) if (repeat[j] > 0) repeat[j] *= ctx.repeatFactor[j];
  return { input, liveReason, repeatWeight };
}

/**
 * Learned item-item scores of the input row's neighbours into `scratch` (touching them),
 * remembering which owned item contributed most: O(input · width).
 */
export function spreadItemItem(ctx: SignalContext, scratch: RankingScratch, input: ReadonlyMap<number, number>): void {
  const { similar, bestContribution, bestSource } = scratch;
  const nb = ctx.state.itemItem;
  for (const [i, x] of input) {
    for (let s = i * nb.width, end = s + nb.width; s < end && nb.index[s] >= 0; s++) {
      const j = nb.index[s];
      const c = x * nb.weight[s];
      scratch.touch(j);
      similar[j] += c;
      if (c > bestContribution[j]) {
        bestContribution[j] = c;
        bestSource[j] = i;
      }
    }
  }
  for (const j of scratch.touched()) if (similar[j] !== 0) similar[j] *= ctx.similarFactor[j];
}

function replenishmentFactor(blend: Required<BlendWeights>, coverageDays: number, sinceLastMs: number): number {
  if (!(coverageDays > 0) || blend.replenishment === 0) return 1;
  return Math.pow(dueness(coverageDays, sinceLastMs), blend.replenishment);
}

/**
 * How due a re-buy is: (days since the item's last basket + REPLENISH_HORIZON_DAYS) over the
 * days that basket lasts at the customer's pace, clipped to [1/REPLENISH_CLIP, REPLENISH_CLIP];
 * 1 when the pace is unknown (coverageDays 0).
 */
export function dueness(coverageDays: number, sinceLastMs: number): number {
  if (!(coverageDays > 0)) return 1;
  const due = (sinceLastMs / DAY_MS + REPLENISH_HORIZON_DAYS) / Math.max(1, coverageDays);
  return Math.min(REPLENISH_CLIP, Math.max(1 / REPLENISH_CLIP, due));
}
