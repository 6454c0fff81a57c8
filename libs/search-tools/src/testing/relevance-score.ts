/** A labelled query: the text and every product id a shopper would accept. */
export interface LabelledSearch {
  kind: string;
  query: string;
  relevant: readonly string[];
}

export interface RelevanceScore {
  /** Mean reciprocal rank of the first acceptable product in the top 10 (0 when none is). */
  mrr: number;
  /** The same per kind of query, rounded to 3 places. */
  byKind: Record<string, number>;
  /** Queries whose first acceptable product is not first, with its reciprocal rank. */
  misses: string[];
}

/** Reciprocal rank of the first acceptable id among the first 10 ids. */
export function reciprocalRank(ids: readonly string[], relevant: readonly string[]): number {
  const rank = ids.slice(0, 10).findIndex((id) => relevant.includes(id));
  return rank < 0 ? 0 : 1 / (rank + 1);
}

/** Scores a search (query text -> product ids, best first) on labelled queries: MRR@10, overall and per kind. */
export async function scoreRelevance<Q extends LabelledSearch>(queries: readonly Q[], search: (q: Q) => Promise<readonly string[]> | readonly string[]): Promise<RelevanceScore> {
  const sums = new Map<string, { sum: number; n: number }>();
  const misses: string[] = [];
  let total = 0;
  for (const q of queries) {
    const rr = reciprocalRank(await search(q), q.relevant);
    total += rr;
    const s = sums.get(q.kind) ?? { sum: 0, n: 0 };
    s.sum += rr;
    s.n++;
    sums.set(q.kind, s);
    if (rr < 1) misses.push(`${q.kind}: ${q.query} (rr ${rr.toFixed(2)})`);
  }
  const byKind = Object.fromEntries([...sums].map(([k, s]) => [k, Math.round((s.sum / s.n) * 1000) / 1000]));
  return { mrr: queries.length ? total / queries.length : 0, byKind, misses };
}
