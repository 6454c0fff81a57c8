// Which popularity count (distinct customers, rows, quantity; guests counted or not) and which
// "repeat purchases, then popularity" ordering reproduce the reference baselines at 2011-10-09?
// `npx tsx --conditions=@reco/source research/recommender/src/reproduce-baselines.ts`
// Re-run on moving to research/, Recall@20 / NDCG@20, 2011-10-09: popularity "all" by distinct
// customers 0.0502 / 0.0796, rows 0.0511 / 0.0858, quantity 0.0418 / 0.0576, distinct known
// customers 0.0540 / 0.0836 ("new" 0.0308 / 0.0334 / 0.0251 / 0.0374); repeat (order lines, then
// recency) then popularity 0.2182-0.2188.
import {
  evaluateRanker,
  evaluationCases,
  isMerchandiseCode,
  temporalSplit,
  type Interaction,
} from '@reco/recommendation-tools/model';
import { isSaleLine, readOnlineRetail } from './harness';

const t0 = Date.now();
const raw = readOnlineRetail();
console.log('rows', raw.length, 'read in', Date.now() - t0, 'ms');
const cutoff = Date.parse('2011-10-09T00:00:00Z');
const valid = raw.filter(isSaleLine); // guests kept: some popularity variants count them
const variants: Record<string, (r: (typeof raw)[number]) => boolean> = {
  merch: (r) => isMerchandiseCode(r.productId),
  };
for (const [name, keep] of Object.entries(variants)) {
  const rows = valid.filter((r) => r.customerId && keep(r));
  const interactions: Interaction[] = rows.map((r) => ({ customerId: r.customerId, productId: r.productId, quantity: r.quantity, time: r.time }));
  const split = temporalSplit(interactions, { cutoff, days: 30 });
  // popularity variants: distinct customers, rows, quantity; with or without guests
  const popRows = valid.filter((r) => r.time < cutoff && keep(r));
  const pops: Record<string, Map<string, number>> = { customers: new Map(), rows: new Map(), qty: new Map(), customersNoGuest: new Map() };
  const seen = new Set<string>();
  for (const r of popRows) {
    pops.rows.set(r.productId, (pops.rows.get(r.productId) ?? 0) + 1);
    pops.qty.set(r.productId, (pops.qty.get(r.productId) ?? 0) + r.quantity);
    const key = (r.customerId || 'g' + r.invoice) + '|' + r.productId;
    if (!seen.has(key)) {
      seen.add(key);
      pops.customers.set(r.productId, (pops.customers.get(r.productId) ?? 0) + 1);
      if (r.customerId) pops.customersNoGuest.set(r.productId, (pops.customersNoGuest.get(r.productId) ?? 0) + 1);
    }
  }
  const history = new Map<string, Map<string, { n: number; last: number }>>();
  for (const row of split.train) {
    let h = history.get(row.customerId);
    if (!h) history.set(row.customerId, (h = new Map()));
    const e = h.get(row.productId) ?? { n: 0, last: 0 };
    e.n++;
    e.last = Math.max(e.last, row.time as number);
    h.set(row.productId, e);
  }
  for (const mode of ['all', 'new'] as const) {
    const cases = evaluationCases(split, mode);
    for (const [pname, pop] of Object.entries(pops)) {
      const ranked = [...pop.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0]);
      const popRank = (_c: string, k: number, ex: ReadonlySet<string>) => ranked.filter((p) => !ex.has(p)).slice(0, k);
      const repRank = (c: string, k: number, ex: ReadonlySet<string>) => {
        const h = [...(history.get(c) ?? new Map()).entries()].sort((a, b) => b[1].n - a[1].n || b[1].last - a[1].last).map((e) => e[0]);
        const out = h.filter((p) => !ex.has(p)).slice(0, k);
        for (const p of ranked) { if (out.length >= k) break; if (!ex.has(p) && !out.includes(p)) out.push(p); }
        return out;
      };
      const a = evaluateRanker(popRank, cases, mode, 20);
      const b = evaluateRanker(repRank, cases, mode, 20);
      console.log(name, mode, pname, a.customers, 'pop', a.recall.toFixed(4), a.ndcg.toFixed(4), 'repeat', b.recall.toFixed(4), b.ndcg.toFixed(4));
    }
  }
}
