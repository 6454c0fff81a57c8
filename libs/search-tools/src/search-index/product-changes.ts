import type { Product, ProductRepository } from '@reco/data';

/** What the index reads product changes from. */
export type ProductChangeSource = Pick<ProductRepository, 'findByIds' | 'changedSince'>;

/** Position in the `changedSince` order (updatedAt, then id) up to which every change was read. */
export interface ChangeCursor {
  since: Date;
  afterId?: string;
}

/**
 * A write is stamped before it commits, so a change stamped within this much of now may still
 * be invisible: the cursor never passes it, and the next read sees it again (applying a product
 * already held is a no-op).
 */
export const CHANGE_SETTLE_MS = 5_000;
const PAGE = 1_000;

/** The current rows of `ids` (found) and the ids with no row any more (deleted). */
export async function readProducts(source: ProductChangeSource, ids: readonly string[]): Promise<{ found: Product[]; deleted: string[] }> {
  const unique = [...new Set(ids)];
  const found: Product[] = [];
  for (let i = 0; i < unique.length; i += PAGE) found.push(...(await source.findByIds(unique.slice(i, i + PAGE))));
  const seen = new Set(found.map((p) => p.id));
  return { found, deleted: unique.filter((id) => !seen.has(id)) };
}

/**
 * Products changed after `cursor`, page by page up to `maxRows` (more: `complete` false, read on
 * from the returned cursor next time), and the cursor advanced past every settled row.
 */
export async function readChangedProducts(
  source: ProductChangeSource,
  cursor: ChangeCursor,
  maxRows: number,
  now = Date.now(),
): Promise<{ rows: Product[]; cursor: ChangeCursor; complete: boolean }> {
  const horizon = now - CHANGE_SETTLE_MS;
  const rows: Product[] = [];
  let at = cursor;
  let next = cursor;
  for (;;) {
    const page = await source.changedSince(at.since, PAGE, at.afterId);
    rows.push(...page);
    for (const p of page) if (p.updatedAt.getTime() <= horizon) next = { since: p.updatedAt, afterId: p.id };
    const last = page.at(-1);
    if (!last || page.length < PAGE) return { rows, cursor: next, complete: true };
    if (rows.length >= maxRows) return { rows, cursor: next, complete: false };
    at = { since: last.updatedAt, afterId: last.id };
  }
}

/** The cursor after a build that read the catalogue at `readAt`: changes from just before it are read again. */
export function cursorAfterBuild(readAt: number): ChangeCursor {
  return { since: new Date(readAt - CHANGE_SETTLE_MS) };
}
