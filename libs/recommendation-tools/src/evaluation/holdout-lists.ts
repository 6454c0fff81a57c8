import type { RankedItem } from '../model/recommender-options';
import type { Ranker } from './evaluate-ranker';
import type { EvaluationCase, EvaluationMode } from './temporal-split';

// The hold-out runs in a worker with the model; rules and diversity need the catalogue, which
// the caller's thread has. So the worker hands back each case's lists (plain top-k of the model
// and of popularity, and for an arm a pool of candidates with scores and reasons), and the
// caller arranges and scores them (arm-evaluation.ts).

/** The arm's base ranker and pool: `rejected` are products the arm's exclude / include-only rules refuse. */
export interface HoldoutPoolRequest {
  ranker: 'model' | 'popularity';
  /** Candidates per case: max(3k, k + 30), as serving takes when rules or diversity re-arrange. */
  size: number;
  rejected?: readonly string[];
}

export interface HoldoutCase {
  customerId: string;
  truth: string[];
  /** "new" mode: products bought before the cut-off, which no list may show. */
  history?: string[];
}

export interface HoldoutLists {
  mode: EvaluationMode;
  cases: HoldoutCase[];
  /** Per case, the top k of each plain ranker. */
  plain: { model: string[][]; popularity: string[][] };
  /** Per case, the arm's candidates, best first. */
  pools?: RankedItem[][];
}

/** Ranks candidates (best first) for one customer; `include` false: never returned. */
export type PoolRanker = (customerId: string, size: number, exclude: ReadonlySet<string>, include?: (productId: string) => boolean) => RankedItem[];

export interface HoldoutListRankers {
  plain: { model: Ranker; popularity: Ranker };
  pool: { model: PoolRanker; popularity: PoolRanker };
}

/** Builds one mode's lists (the protocol's cases: "new" excludes the history from every list). */
export function holdoutLists(cases: readonly EvaluationCase[], mode: EvaluationMode, k: number, rankers: HoldoutListRankers, pool?: HoldoutPoolRequest): HoldoutLists {
  const none = new Set<string>();
  const rejected = pool?.rejected?.length ? new Set(pool.rejected) : undefined;
  const include = rejected ? (productId: string) => !rejected.has(productId) : undefined;
  const out: HoldoutLists = { mode, cases: [], plain: { model: [], popularity: [] }, pools: pool ? [] : undefined };
  for (const c of cases) {
    const exclude = mode === 'new' ? c.history : none;
    out.cases.push({ customerId: c.customerId, truth: [...c.truth], history: mode === 'new' ? [...c.history] : undefined });
    out.plain.model.push([...rankers.plain.model(c.customerId, k, exclude)]);
    out.plain.popularity.push([...rankers.plain.popularity(c.customerId, k, exclude)]);
    if (pool && out.pools) out.pools.push(rankers.pool[pool.ranker](c.customerId, pool.size, exclude, include));
  }
  return out;
}
