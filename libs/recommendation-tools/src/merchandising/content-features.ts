import { categoryKey, type Product } from '@reco/data';
import { categoryKeysOf } from '../registry/category-index';

// What diversity compares of two products: their categories (with the categories above them,
// so siblings share their parent), tags and title words, as the Jaccard similarity of the two
// sets. Features are interned as integers and kept per product object; MMR compares every
// candidate with each product it takes (candidates × k per request), so the taken product's
// features are marked once in a shared array (SimilarityProbe) and each comparison only reads
// the candidate's few features there.

const featureIds = new Map<string, number>();
// Per product object: a catalogue change replaces the objects it changes.
const featuresByProduct = new WeakMap<Product, Int32Array>();
const firstCategories = new WeakMap<Product, string | null>();
const NO_FEATURES = new Int32Array(0);
// Title words shorter than this (`a`, `of`) say nothing of what a product is.
const MIN_WORD_LENGTH = 3;

function featureId(feature: string): number {
  let id = featureIds.get(feature);
  if (id === undefined) featureIds.set(feature, (id = featureIds.size));
  return id;
}

/** The product's features, sorted ascending, each once. */
export function contentFeatures(p: Product | undefined): Int32Array {
  if (!p) return NO_FEATURES;
  let features = featuresByProduct.get(p);
  if (!features) {
    const ids = new Set<number>();
    for (const key of categoryKeysOf(p.categories)) ids.add(featureId(`c\u0000${key}`));
    for (const tag of p.tags) ids.add(featureId(`t\u0000${tag.toLowerCase()}`));
    for (const word of p.title.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word.length >= MIN_WORD_LENGTH) ids.add(featureId(`w\u0000${word}`));
    features = Int32Array.from(ids).sort();
    featuresByProduct.set(p, features);
  }
  return features;
}

/** |a ∩ b| / |a ∪ b| of two sorted feature arrays; 0 when both are empty. */
export function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** The categoryKey of the product's first category: what maxPerCategory counts; undefined without one. */
export function firstCategoryKey(p: Product | undefined): string | undefined {
  if (!p) return undefined;
  let key = firstCategories.get(p);
  if (key === undefined) firstCategories.set(p, (key = p.categories.length > 0 ? categoryKey(p.categories[0]) : null));
  return key ?? undefined;
}

// Marks shared by every probe: requests are served one at a time on the event loop.
let marks = new Uint32Array(1024);
let stamp = 0;

/** Jaccard similarities to one product, for many others: `jaccard(of, other)`, cheaper. */
export class SimilarityProbe {
  private size = 0;
  private stamp = 0;

  /** The product the next similarities are to; a later `of` (on any probe) replaces it. */
  of(features: Int32Array): void {
    if (marks.length < featureIds.size) {
      const grown = new Uint32Array(Math.max(featureIds.size, marks.length * 2));
      grown.set(marks);
      marks = grown;
    }
    if (stamp === 0xffffffff) {
      marks.fill(0);
      stamp = 0;
    }
    this.stamp = ++stamp;
    for (let i = 0; i < features.length; i++) marks[features[i]] = this.stamp;
    this.size = features.length;
  }

  similarity(other: Int32Array): number {
    if (this.size === 0 || other.length === 0) return 0;
    let shared = 0;
    for (let i = 0; i < other.length; i++) if (marks[other[i]] === this.stamp) shared++;
    return shared / (this.size + other.length - shared);
  }
}
