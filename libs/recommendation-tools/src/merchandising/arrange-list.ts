import type { RankedItem } from '../model/recommender-options';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import { isOffered } from '../registry/catalog-view';
import { contentFeatures, firstCategoryKey, SimilarityProbe } from './content-features';
import type { Diversity, Rule } from './merchandising-schemas';
import { byRuleOrder, compileMatch } from './rule-matching';

// ReasonSchema's limit: rule effects beyond it still change the score but are not named.
const MAX_REASON_CHARS = 300;

export interface ArrangeOptions {
  /** Length of the list. */
  k: number;
  /** The rules in force (activeRules); exclude and include-only rules belong to candidateFilter and are ignored here. */
  rules: readonly Rule[];
  diversity?: Diversity;
  catalog: CatalogSnapshot;
  /** The request's filter (candidateFilter): a pinned product it refuses is not shown. */
  accept: (productId: string) => boolean;
}

interface Pin {
  productId: string;
  position: number;
  rule: Rule;
}

/**
 * Applies a list's merchandising to the model's candidates (best first), in this order:
 * 1. boost and bury rules multiply or divide the score of each product they match (reason gets
 *    `,boosted:<name>` / `,buried:<name>` after the model's), then the list is sorted again
 *    (stable: equal scores keep the model's order);
 * 2. diversity: at most `maxPerCategory` products of one first category, and MMR: each next
 *    item maximises (1 − mmr) × relevance − mmr × its greatest content similarity to those taken
 *    (relevance: the score scaled to [0, 1] over the candidates; 0 keeps the ranking);
 * 3. pin rules put each named product (offered, accepted by the request's filter, matching the
 *    rest of the rule's match) at its 1-based position, moving it from elsewhere in the list; pins
 *    of one position follow each other in rule order (name, then id), then by their order in the
 *    rule's productIds; a pin beyond k is not shown, one beyond a short list ends it (reason
 *    `pinned:<name>`); pins are not subject to diversity;
 * 4. the list is cut to k.
 * Deterministic; O(candidates × k).
 */
export function arrangeList(candidates: readonly RankedItem[], options: ArrangeOptions): RankedItem[] {
  const k = Math.max(0, Math.floor(options.k));
  if (k === 0) return [];
  const pins = pinsToShow(options, k);
  const pinned = new Set(pins.map((pin) => pin.productId));
  const candidateScores = new Map<string, number>();
  const items = rescored(candidates, options, pinned, candidateScores);
  const chosen = diversify(items, Math.max(0, k - pins.length), options.diversity, options.catalog);
  return placePins(chosen, pins, k, candidateScores);
}

function pinsToShow(options: ArrangeOptions, k: number): Pin[] {
  const pins: Pin[] = [];
  const taken = new Set<string>();
  const pinRules = options.rules.filter((r) => r.kind === 'pin' && r.position !== undefined && r.position <= k).sort(byRuleOrder);
  for (const rule of pinRules) {
    const test = compileMatch(rule.match, options.catalog);
    for (const productId of rule.match.productIds ?? []) {
      if (taken.has(productId)) continue;
      const p = options.catalog.get(productId);
      if (!p || !isOffered(p) || !test(p) || !options.accept(productId)) continue;
      taken.add(productId);
      pins.push({ productId, position: rule.position as number, rule });
    }
  }
  // Stable: within a position, rule order, then productIds order.
  return pins.sort((a, b) => a.position - b.position);
}

function withEffect(reason: string, effect: string): string {
  const next = `${reason},${effect}`;
  return next.length <= MAX_REASON_CHARS ? next : reason;
}

/** Candidates without pinned products or repeats, boost and bury applied, best first. */
function rescored(candidates: readonly RankedItem[], options: ArrangeOptions, pinned: ReadonlySet<string>, scores: Map<string, number>): RankedItem[] {
  const effects = options.rules
    .filter((r) => (r.kind === 'boost' || r.kind === 'bury') && r.factor !== undefined)
    .map((rule) => ({ rule, test: compileMatch(rule.match, options.catalog) }));
  const items: RankedItem[] = [];
  let changed = false;
  for (const candidate of candidates) {
    if (scores.has(candidate.productId)) continue;
    scores.set(candidate.productId, candidate.score);
    if (pinned.has(candidate.productId)) continue;
    const p = effects.length > 0 ? options.catalog.get(candidate.productId) : undefined;
    if (!p) {
      items.push(candidate);
      continue;
    }
    let { score, reason } = candidate;
    for (const { rule, test } of effects) {
      if (!test(p)) continue;
      const factor = rule.factor as number;
      // Raising a score means multiplying a positive one and dividing a negative one.
      const up = rule.kind === 'boost';
      score = up === score >= 0 ? score * factor : score / factor;
      reason = withEffect(reason, `${up ? 'boosted' : 'buried'}:${rule.name}`);
    }
    if (reason === candidate.reason && score === candidate.score) items.push(candidate);
    else {
      items.push({ productId: candidate.productId, score, reason });
      changed = true;
    }
  }
  // Array.prototype.sort is stable: equal scores keep the model's order.
  if (changed) items.sort((a, b) => b.score - a.score);
  return items;
}

/** Up to `want` items: the first ones when no diversity, else capped per category and/or by MMR. */
function diversify(items: readonly RankedItem[], want: number, diversity: Diversity | undefined, catalog: CatalogSnapshot): RankedItem[] {
  const cap = diversity?.maxPerCategory;
  const lambda = diversity?.mmr ?? 0;
  if (cap === undefined && lambda === 0) return items.slice(0, want);
  const n = items.length;
  const products = items.map((item) => catalog.get(item.productId));
  const perCategory = new Map<string, number>();
  // A product without a category is not capped.
  const full = (i: number) => {
    if (cap === undefined) return false;
    const key = firstCategoryKey(products[i]);
    return key !== undefined && (perCategory.get(key) ?? 0) >= cap;
  };
  const count = (i: number) => {
    const key = firstCategoryKey(products[i]);
    if (cap !== undefined && key !== undefined) perCategory.set(key, (perCategory.get(key) ?? 0) + 1);
  };
  const out: RankedItem[] = [];
  if (lambda === 0) {
    for (let i = 0; i < n && out.length < want; i++) {
      if (full(i)) continue;
      count(i);
      out.push(items[i]);
    }
    return out;
  }
  const features = products.map(contentFeatures);
  let high = -Infinity;
  let low = Infinity;
  for (const item of items) {
    high = Math.max(high, item.score);
    low = Math.min(low, item.score);
  }
  const span = high - low;
  const relevance = items.map((item) => (span > 0 && Number.isFinite(span) ? (item.score - low) / span : 1));
  const closest = new Float64Array(n);
  const probe = new SimilarityProbe();
  const taken = new Uint8Array(n);
  while (out.length < want) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      if (full(i)) {
        taken[i] = 1;
        continue;
      }
      const value = (1 - lambda) * relevance[i] - lambda * closest[i];
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    count(best);
    out.push(items[best]);
    probe.of(features[best]);
    for (let i = 0; i < n; i++) if (!taken[i]) closest[i] = Math.max(closest[i], probe.similarity(features[i]));
  }
  return out;
}

/**
 * Pins at their slots (a pin's slot: its position, or the one after the previous pin's), the
 * chosen items in the others, in order; pins left when the items run out end the list. A pinned
 * product keeps its candidate score; one that was no candidate takes the score of the item
 * after it (so the list still reads best first), or before it at the end.
 */
function placePins(chosen: readonly RankedItem[], pins: readonly Pin[], k: number, candidateScores: ReadonlyMap<string, number>): RankedItem[] {
  if (pins.length === 0) return chosen.slice(0, k);
  const slots: number[] = [];
  let last = -1;
  for (const pin of pins) slots.push((last = Math.max(pin.position - 1, last + 1)));
  const out: RankedItem[] = [];
  const unscored: number[] = [];
  let next = 0;
  let pinAt = 0;
  while (out.length < k && (next < chosen.length || pinAt < pins.length)) {
    if (pinAt < pins.length && (slots[pinAt] === out.length || next >= chosen.length)) {
      const pin = pins[pinAt++];
      const score = candidateScores.get(pin.productId);
      if (score === undefined) unscored.push(out.length);
      out.push({ productId: pin.productId, score: score ?? 0, reason: `pinned:${pin.rule.name}` });
    } else out.push(chosen[next++]);
  }
  // From the end, so a run of such pins takes the score of the item after the run.
  for (let u = unscored.length - 1; u >= 0; u--) {
    const at = unscored[u];
    out[at] = { ...out[at], score: at + 1 < out.length ? out[at + 1].score : scoreBefore(out, at, unscored) };
  }
  return out;
}

/** The score of the nearest item before `at` that has its own score; 0 when none. */
function scoreBefore(out: readonly RankedItem[], at: number, unscored: readonly number[]): number {
  const without = new Set(unscored);
  for (let i = at - 1; i >= 0; i--) if (!without.has(i)) return out[i].score;
  return 0;
}
