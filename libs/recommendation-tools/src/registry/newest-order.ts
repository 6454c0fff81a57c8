import type { Product } from '@reco/data';
import { isOffered, type CatalogView } from './catalog-view';

// Products per block of the order: a change moves at most about twice this many references
// (moving all 100,000 of a flat array cost ~0.3 ms per change, most of it GC write barriers).
const BLOCK = 512;

/** Newest first, ties by id: the order a short list is filled in. */
export function newerFirst(a: Product, b: Product): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Position of the first item of `items` that does not sort before `p`. */
function firstNotBefore(items: readonly Product[], p: Product): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newerFirst(items[mid], p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Offered products in `newerFirst` order, kept sorted as products change: blocks of a few
 * hundred, found by binary search, so a change edits one block instead of sorting the
 * catalogue again. Iterate it at once: it follows every later change.
 */
export class NewestOffered implements CatalogView, Iterable<Product> {
  private readonly blocks: Product[][] = [];

  constructor(products: Iterable<Product>) {
    const sorted: Product[] = [];
    for (const p of products) if (isOffered(p)) sorted.push(p);
    sorted.sort(newerFirst);
    for (let at = 0; at < sorted.length; at += BLOCK) this.blocks.push(sorted.slice(at, at + BLOCK));
  }

  replace(previous: Product | undefined, next: Product | undefined): void {
    if (previous && isOffered(previous)) this.remove(previous);
    if (next && isOffered(next)) this.insert(next);
  }

  [Symbol.iterator](): Iterator<Product> {
    const blocks = this.blocks;
    let b = 0;
    let at = 0;
    return {
      next(): IteratorResult<Product> {
        while (b < blocks.length) {
          if (at < blocks[b].length) return { value: blocks[b][at++], done: false };
          b++;
          at = 0;
        }
        return { value: undefined, done: true };
      },
    };
  }

  private insert(p: Product): void {
    if (this.blocks.length === 0) {
      this.blocks.push([p]);
      return;
    }
    const b = Math.min(this.blockOf(p), this.blocks.length - 1);
    const block = this.blocks[b];
    block.splice(firstNotBefore(block, p), 0, p);
    if (block.length >= 2 * BLOCK) this.blocks.splice(b + 1, 0, block.splice(BLOCK));
  }

  /** Removes this product object (the one inserted), if held. */
  private remove(p: Product): void {
    let b = this.blockOf(p);
    let at = b < this.blocks.length ? firstNotBefore(this.blocks[b], p) : -1;
    if (this.blocks[b]?.[at] !== p) {
      // A createdAt that is no time compares as equal to everything: then the object is looked for.
      b = this.blocks.findIndex((block) => block.includes(p));
      if (b < 0) return;
      at = this.blocks[b].indexOf(p);
    }
    const block = this.blocks[b];
    block.splice(at, 1);
    const after = this.blocks[b + 1];
    // Blocks thinned by removals join their neighbour, so the count of blocks stays about n / BLOCK.
    if (block.length === 0) this.blocks.splice(b, 1);
    else if (block.length < BLOCK / 4 && after && block.length + after.length < 2 * BLOCK) {
      block.push(...after);
      this.blocks.splice(b + 1, 1);
    }
  }

  /** The first block whose last item does not sort before `p` (blocks.length when none). */
  private blockOf(p: Product): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid];
      if (newerFirst(block[block.length - 1], p) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
