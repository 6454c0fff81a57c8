// Idea 1: which ordering of a customer's own products reproduces the reference "repeat purchases,
// then popularity" baseline (0.225 / NDCG 0.297 at 2011-10-09)? Popularity fill = distinct customers.
// `npx tsx --conditions=@reco/source research/recommender/src/explore-repeat-orders.ts`
// Re-run on moving to research/, 2011-10-09, "all" Recall@20 / NDCG@20: baskets then popularity
// 0.2262 / 0.2987 (matches the reference: the evaluation's repeat baseline orders so); decayed
// count 240 d 0.2231 / 0.2836; distinct days then recency 0.2206 / 0.2806; baskets then recency
// 0.2199 / 0.2800; quantity then recency 0.1984 / 0.2353.
import { DAY_MS, evaluateRanker, evaluationCases, temporalSplit } from '@reco/recommendation-tools/model';
import { purchasesOf, readOnlineRetail, splitDays } from './harness';

interface E { lines: number; baskets: Set<number>; days: Set<number>; qty: number; first: number; last: number; firstRow: number }

const raw = readOnlineRetail();
const codesMode = process.env['CODES'] ?? 'merch';
for (const day of splitDays()) {
  const cutoff = Date.parse(day + 'T00:00:00Z');
  const rows = purchasesOf(raw, { allCodes: codesMode === 'all' });
  const split = temporalSplit(rows, { cutoff, days: 30 });
  const hist = new Map<string, Map<string, E>>();
  const popC = new Map<string, Set<string>>();
  split.train.forEach((r, k) => {
    const t = r.time as number;
    let h = hist.get(r.customerId);
    if (!h) hist.set(r.customerId, (h = new Map()));
    let e = h.get(r.productId);
    if (!e) h.set(r.productId, (e = { lines: 0, baskets: new Set(), days: new Set(), qty: 0, first: t, last: t, firstRow: k }));
    e.lines++;
    e.baskets.add(t);
    e.days.add(Math.floor(t / DAY_MS));
    e.qty += r.quantity ?? 1;
    e.first = Math.min(e.first, t);
    e.last = Math.max(e.last, t);
    let s = popC.get(r.productId);
    if (!s) popC.set(r.productId, (s = new Set()));
    s.add(r.customerId);
  });
  const pop = new Map([...popC].map(([p, s]) => [p, s.size]));
  const popRanked = [...pop.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0]);
  const T = split.train.reduce((m, r) => Math.max(m, r.time as number), 0);
  type Cmp = (a: [string, E], b: [string, E]) => number;
  const rec: Cmp = (a, b) => b[1].last - a[1].last;
  const orders: Record<string, Cmp> = {
    'baskets,recency': (a, b) => b[1].baskets.size - a[1].baskets.size || rec(a, b),
    'baskets,pop': (a, b) => b[1].baskets.size - a[1].baskets.size || pop.get(b[0])! - pop.get(a[0])!,
    'baskets,code': (a, b) => b[1].baskets.size - a[1].baskets.size || (a[0] < b[0] ? -1 : 1),
    'baskets,firstseen': (a, b) => b[1].baskets.size - a[1].baskets.size || a[1].firstRow - b[1].firstRow,
    'baskets,oldest': (a, b) => b[1].baskets.size - a[1].baskets.size || a[1].last - b[1].last,
    'lines,recency': (a, b) => b[1].lines - a[1].lines || rec(a, b),
    'lines,code': (a, b) => b[1].lines - a[1].lines || (a[0] < b[0] ? -1 : 1),
    'lines,firstseen': (a, b) => b[1].lines - a[1].lines || a[1].firstRow - b[1].firstRow,
    'qty,recency': (a, b) => b[1].qty - a[1].qty || rec(a, b),
    'days,recency': (a, b) => b[1].days.size - a[1].days.size || rec(a, b),
    'recency,baskets': (a, b) => rec(a, b) || b[1].baskets.size - a[1].baskets.size,
    'recencyDay,baskets': (a, b) => Math.floor(b[1].last / DAY_MS) - Math.floor(a[1].last / DAY_MS) || b[1].baskets.size - a[1].baskets.size,
    'recencyDay,pop': (a, b) => Math.floor(b[1].last / DAY_MS) - Math.floor(a[1].last / DAY_MS) || pop.get(b[0])! - pop.get(a[0])!,
    'pop (own only)': (a, b) => pop.get(b[0])! - pop.get(a[0])!,
    'dec240': (a, b) => [...b[1].baskets].reduce((s, t) => s + 2 ** (-(T - t) / (240 * DAY_MS)), 0) - [...a[1].baskets].reduce((s, t) => s + 2 ** (-(T - t) / (240 * DAY_MS)), 0),
    'dec60': (a, b) => [...b[1].baskets].reduce((s, t) => s + 2 ** (-(T - t) / (60 * DAY_MS)), 0) - [...a[1].baskets].reduce((s, t) => s + 2 ** (-(T - t) / (60 * DAY_MS)), 0),
  };
  const cases = { all: evaluationCases(split, 'all'), new: evaluationCases(split, 'new') };
  console.log(`--- ${day} (${codesMode}) all ${cases.all.length} new ${cases.new.length}`);
  for (const [name, cmp] of Object.entries(orders)) {
    const sorted = new Map<string, string[]>();
    for (const [c, h] of hist) sorted.set(c, [...h.entries()].sort(cmp).map((e) => e[0]));
    const rank = (c: string, k: number, ex: ReadonlySet<string>) => {
      const out = (sorted.get(c) ?? []).filter((p) => !ex.has(p)).slice(0, k);
      const taken = new Set(out);
      for (const p of popRanked) { if (out.length >= k) break; if (!ex.has(p) && !taken.has(p)) out.push(p); }
      return out;
    };
    const a = evaluateRanker(rank, cases.all, 'all', 20);
    console.log(`${name.padEnd(20)} all R ${a.recall.toFixed(4)} N ${a.ndcg.toFixed(4)}`);
  }
}
