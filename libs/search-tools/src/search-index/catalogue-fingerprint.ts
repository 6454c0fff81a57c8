import { createHash } from 'node:crypto';
import type { Product } from '@reco/data';

/** Changes when a searchable product is added, removed, renamed or repriced. */
export function catalogueFingerprint(products: readonly Product[]): string {
  const hash = createHash('sha1');
  for (const p of products) hash.update(`${p.id}\t${p.title}\t${p.price}\n`);
  return `${products.length}:${hash.digest('hex').slice(0, 16)}`;
}
