import type { Product } from '@reco/data';

type Fingerprinted = Pick<Product, 'id' | 'title' | 'price' | 'categories' | 'tags' | 'available'>;

/**
 * An order-independent fingerprint of a set of searchable products: the count and the sums of
 * two 32-bit hashes of each product's searched fields. A sum, not one running hash, so that the
 * index can keep it up to date product by product as changes arrive, and compare it with a
 * fresh read of the catalogue in whatever order the database returns it.
 */
export class CatalogueFingerprint {
  private count = 0;
  private low = 0;
  private high = 0;

  add(product: Fingerprinted): void {
    const [a, b] = hashes(product);
    this.count++;
    this.low = (this.low + a) >>> 0;
    this.high = (this.high + b) >>> 0;
  }

  remove(product: Fingerprinted): void {
    const [a, b] = hashes(product);
    this.count--;
    this.low = (this.low - a) >>> 0;
    this.high = (this.high - b) >>> 0;
  }

  get value(): string {
    return `${this.count}:${this.high.toString(16).padStart(8, '0')}${this.low.toString(16).padStart(8, '0')}`;
  }
}

/** Changes when a searchable product is added, removed, renamed, repriced, recategorised, retagged or goes in or out of stock. */
export function catalogueFingerprint(products: readonly Fingerprinted[]): string {
  const fingerprint = new CatalogueFingerprint();
  for (const p of products) fingerprint.add(p);
  return fingerprint.value;
}

// Two FNV-1a hashes over the UTF-16 code units with different offset bases.
function hashes(p: Fingerprinted): [number, number] {
  const text = `${p.id}\t${p.title}\t${p.price}\t${p.available ? 1 : 0}\t${p.categories.join('|')}\t${p.tags.join('|')}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [a >>> 0, b >>> 0];
}
