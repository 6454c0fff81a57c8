import { decay } from './decay';
import type { CustomerItemRows } from './ease-item-model';
import type { InteractionWeights } from './interaction';
import { INTERACTION_KINDS, type PurchaseColumns } from './purchase-columns';
import type { CustomerHistories } from './recommender-state';

/**
 * Views and carts of the training window as CSR rows, one entry per customer × item: the
 * strongest event's weight, max over the events of (kind weight × 2^(-age / item half-life)),
 * its age measured at `trainedUntil`. Scoring shifts it to its own instant like a purchase.
 */
export interface InteractionHistories {
  customerIds: string[];
  offsets: Int32Array;
  items: Int32Array;
  weights: Float32Array;
}

/** Rows of `columns.interactions` before `until` whose kind weighs anything, and the latest of their times. */
export function keptInteractions(columns: PurchaseColumns, until: number, weights: InteractionWeights): { rows: number[]; latest: number } {
  const ix = columns.interactions;
  const rows: number[] = [];
  let latest = 0;
  if (!ix) return { rows, latest };
  const kindWeight = INTERACTION_KINDS.map((kind) => weights[kind]);
  for (let r = 0; r < ix.customer.length; r++) {
    if (!(kindWeight[ix.kind[r]] > 0) || !(ix.time[r] < until)) continue;
    rows.push(r);
    latest = Math.max(latest, ix.time[r]);
  }
  return { rows, latest };
}

/**
 * The kept interactions per customer. Products first seen here join the item vocabulary
 * (`itemOf`, `productIds`) after the purchased ones, so a product shoppers only looked at can
 * still be linked to others by the item-item model.
 */
export function interactionHistories(
  columns: PurchaseColumns,
  rows: readonly number[],
  itemOf: Int32Array,
  productIds: string[],
  trainedUntil: number,
  weights: InteractionWeights,
  halfLifeDays: number,
): InteractionHistories {
  const ix = columns.interactions;
  const perCustomer = new Map<number, Map<number, number>>();
  if (ix) {
    const kindWeight = INTERACTION_KINDS.map((kind) => weights[kind]);
    for (const r of rows) {
      const p = ix.product[r];
      if (itemOf[p] < 0) itemOf[p] = productIds.push(columns.productIds[p]) - 1;
      const w = kindWeight[ix.kind[r]] * decay(Math.max(0, trainedUntil - ix.time[r]), halfLifeDays);
      let items = perCustomer.get(ix.customer[r]);
      if (!items) perCustomer.set(ix.customer[r], (items = new Map()));
      items.set(itemOf[p], Math.max(items.get(itemOf[p]) ?? 0, w));
    }
  }
  let total = 0;
  for (const items of perCustomer.values()) total += items.size;
  const out: InteractionHistories = { customerIds: [], offsets: new Int32Array(perCustomer.size + 1), items: new Int32Array(total), weights: new Float32Array(total) };
  let a = 0;
  for (const [c, items] of perCustomer) {
    out.customerIds.push(columns.customerIds[c]);
    for (const [i, w] of items) {
      out.items[a] = i;
      out.weights[a++] = w;
    }
    out.offsets[out.customerIds.length] = a;
  }
  return out;
}

/**
 * The item-item model's input: each customer's purchases (`purchaseWeights`, aligned with the
 * histories) and interactions, the larger weight where both name an item. Without interactions
 * it is the purchase histories as they are.
 */
export function itemItemRows(histories: CustomerHistories, purchaseWeights: Float32Array, interactions?: InteractionHistories): CustomerItemRows {
  if (!interactions || interactions.items.length === 0) return { offsets: histories.offsets, items: histories.items, weights: purchaseWeights };
  const rowOf = new Map(interactions.customerIds.map((c, r) => [c, r]));
  const offsets: number[] = [0];
  const items: number[] = [];
  const weights: number[] = [];
  const addRow = (entries: Map<number, number>) => {
    for (const [i, w] of entries) {
      items.push(i);
      weights.push(w);
    }
    offsets.push(items.length);
  };
  const interactionEntries = (r: number, into: Map<number, number>) => {
    for (let a = interactions.offsets[r]; a < interactions.offsets[r + 1]; a++) {
      const i = interactions.items[a];
      into.set(i, Math.max(into.get(i) ?? 0, interactions.weights[a]));
    }
    return into;
  };
  histories.customerIds.forEach((c, row) => {
    const entries = new Map<number, number>();
    for (let a = histories.offsets[row]; a < histories.offsets[row + 1]; a++) entries.set(histories.items[a], purchaseWeights[a]);
    const r = rowOf.get(c);
    if (r !== undefined) {
      interactionEntries(r, entries);
      rowOf.delete(c);
    }
    addRow(entries);
  });
  for (const r of rowOf.values()) addRow(interactionEntries(r, new Map()));
  return { offsets: Int32Array.from(offsets), items: Int32Array.from(items), weights: Float32Array.from(weights) };
}
