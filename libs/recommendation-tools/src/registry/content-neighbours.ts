import type { Product } from '@reco/data';
import type { RankedItem } from '../model/recommender-options';
import type { CatalogSnapshot } from './catalog-snapshot';
import { buildContentIndex, contentKey, type PathGroup, type ProductSet } from './content-index';

// Weights of the three resemblances: the category decides, shared tags order within it, and
// a close price breaks the remaining ties.
const CATEGORY_WEIGHT = 1;
const TAG_WEIGHT = 0.5;
const PRICE_WEIGHT = 0.25;

/** Shared leading parts of two paths over the longer one: 1 for the same category, 0 for none. */
function pathResemblance(x: readonly string[], y: readonly string[]): number {
  let shared = 0;
  while (shared < x.length && shared < y.length && x[shared] === y[shared]) shared++;
  return shared > 0 ? shared / Math.max(x.length, y.length) : 0;
}

function priceResemblance(a: number, b: number): number {
  return a > 0 && b > 0 ? 1 / (1 + Math.abs(Math.log(a / b))) : 0;
}

/** The most a product can score with these category and tag resemblances (a price mark of 1). */
function ceiling(category: number, tags: number): number {
  return CATEGORY_WEIGHT * category + TAG_WEIGHT * tags + PRICE_WEIGHT * 1;
}

/** Keeps the k best items seen (score desc, then id asc), best first. */
class BestItems {
  readonly items: RankedItem[] = [];
  constructor(private readonly k: number) {}

  /** Score of the k-th item; -Infinity while fewer than k. */
  get floor(): number {
    return this.items.length < this.k ? -Infinity : this.items[this.k - 1].score;
  }

  /** Would an item of this score and id be kept? (Checked before building the item.) */
  admits(score: number, productId: string): boolean {
    if (this.items.length < this.k) return true;
    const last = this.items[this.k - 1];
    return score > last.score || (score === last.score && productId < last.productId);
  }

  offer(item: RankedItem): void {
    const better = (a: RankedItem, b: RankedItem) => a.score > b.score || (a.score === b.score && a.productId < b.productId);
    let at = this.items.length;
    while (at > 0 && better(item, this.items[at - 1])) at--;
    this.items.splice(at, 0, item);
    if (this.items.length > this.k) this.items.pop();
  }
}

/**
 * Products like `product` by what the catalogue says of them, for a product the model does not
 * know yet (new since the last training) or whose model list is short: same deepest category
 * first, then shared tags, then a close price. Only offered products sharing a category or a
 * tag; reason `similar-to:<id>` like the model's.
 *
 * Exact, without scoring the catalogue: category paths are visited from the most alike down;
 * in each, products sharing more of the product's tags first (a product sharing s of its t tags
 * has a tag resemblance of at most s/t). A visit stops once the k-th score beats anything the
 * rest could reach; products sharing only tags come last, from the tag lists.
 */
export function contentNeighbours(catalog: CatalogSnapshot, product: Product, k: number, exclude: ReadonlySet<string> = new Set()): RankedItem[] {
  const own = contentKey(product);
  const want = Math.floor(k);
  if ((own.paths.length === 0 && own.tags.size === 0) || !(want > 0)) return [];
  const index = catalog.derived(buildContentIndex);
  const query = index.nextQuery();
  const ownTags: number[] = [];
  for (const tag of own.tags) {
    const t = index.tagId.get(tag);
    if (t === undefined) continue;
    index.ownTagAt[t] = query;
    ownTags.push(t);
  }
  const best = new BestItems(want);
  const reason = `similar-to:${product.id}`;

  // Sets come most alike first, so the one a product is first met in gives its category
  // resemblance (the best over its paths); one skipped there scores less in a later set than
  // the floor it already could not reach, so it is turned away again.
  const consider = (at: number, category: number) => {
    if (index.seenAt[at] === query) return;
    index.seenAt[at] = query;
    const otherId = index.ids[at];
    if (otherId === product.id || exclude.has(otherId)) return;
    let tags = 0;
    const otherTags = index.tagTo[at] - index.tagFrom[at];
    if (own.tags.size > 0 && otherTags > 0) {
      let shared = 0;
      for (let s = index.tagFrom[at]; s < index.tagTo[at]; s++) if (index.ownTagAt[index.tagIds[s]] === query) shared++;
      tags = shared / (own.tags.size + otherTags - shared);
    }
    if (category === 0 && tags === 0) return;
    const score = CATEGORY_WEIGHT * category + TAG_WEIGHT * tags + PRICE_WEIGHT * priceResemblance(product.price, index.price[at]);
    if (best.admits(score, otherId)) best.offer({ productId: otherId, score, reason });
  };

  /** Visits the set's products that can still make the list; false when no later set can. */
  const visit = (set: ProductSet, category: number, sharingNone: boolean): boolean => {
    if (best.floor > ceiling(category, 1)) return false;
    // Products by how many of the product's tags they share, most first: a counting sort in the
    // index's scratch arrays (a set's tag lists can hold most of the catalogue; no array per call).
    const pass = index.nextPass();
    const { sharing, byShared, countAt, count } = index;
    let met = 0;
    for (const t of ownTags) {
      for (const at of set.byTag.get(t) ?? []) {
        if (countAt[at] !== pass) {
          countAt[at] = pass;
          count[at] = 0;
          sharing[met++] = at;
        }
        count[at]++;
      }
    }
    // start[s]: where the products sharing s tags begin in byShared (most shared first).
    const start = new Int32Array(own.tags.size + 2);
    for (let i = 0; i < met; i++) start[own.tags.size - count[sharing[i]] + 1]++;
    for (let s = 1; s < start.length; s++) start[s] += start[s - 1];
    const next = start.slice();
    for (let i = 0; i < met; i++) byShared[next[own.tags.size - count[sharing[i]]]++] = sharing[i];
    for (let s = own.tags.size; s > 0; s--) {
      if (best.floor > ceiling(category, s / own.tags.size)) return true;
      for (let i = start[own.tags.size - s]; i < start[own.tags.size - s + 1]; i++) consider(byShared[i], category);
    }
    if (sharingNone && !(best.floor > ceiling(category, 0))) for (const at of set.members) consider(at, category);
    return true;
  };

  const resemblance = new Map<PathGroup, number>();
  for (const x of own.paths) {
    for (const group of index.groupsByTop.get(x[0]) ?? []) resemblance.set(group, Math.max(resemblance.get(group) ?? 0, pathResemblance(x, group.parts)));
  }
  const groups = [...resemblance].filter(([, r]) => r > 0).sort((a, b) => b[1] - a[1]);
  for (const [group, r] of groups) if (!visit(group, r, true)) return best.items;
  // Only tags left to share: a product first met here is in no path alike to this one.
  visit(index.everything, 0, false);
  return best.items;
}
