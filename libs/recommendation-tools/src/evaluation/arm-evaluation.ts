import { arrangeList } from '../merchandising/arrange-list';
import { candidateFilter } from '../merchandising/candidate-filter';
import type { Diversity, Rule } from '../merchandising/merchandising-schemas';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { EvaluationRow } from '../training/evaluation-report';
import type { HoldoutLists, HoldoutPoolRequest } from './holdout-lists';
import { categoryCoverage, intraListSimilarity } from './list-metrics';
import { ndcgAtK, recallAtK } from './ranking-metrics';

/**
 * An arm's configuration as the offline check scores it: its base ranker (`personal`: the
 * model, `popular`: popularity), the rules it names (applied as given: the check is for before
 * launch, so a disabled rule or one outside its window still applies) and its diversity.
 */
export interface ArmEvaluation {
  strategy: 'personal' | 'popular';
  rules: readonly Rule[];
  diversity?: Diversity;
}

/** The row name of the arm in the table. */
export const ARM_RANKER = 'arm';

/** Candidates per case for an arm: what serving takes when rules or diversity re-arrange a list. */
export function armPoolSize(k: number): number {
  return Math.max(3 * k, k + 30);
}

/** The offered products an arm's exclude / include-only rules refuse, so the worker fills its pools past them. */
export function armPoolRequest(arm: ArmEvaluation, k: number, catalog: CatalogSnapshot): HoldoutPoolRequest {
  const ranker = arm.strategy === 'popular' ? 'popularity' : 'model';
  if (!arm.rules.some((r) => r.kind === 'exclude' || r.kind === 'include-only')) return { ranker, size: armPoolSize(k) };
  const accept = ruleFilter(arm, catalog);
  const rejected: string[] = [];
  for (const p of catalog.all()) if (!accept(p.id)) rejected.push(p.id);
  return { ranker, size: armPoolSize(k), rejected };
}

/**
 * The rules' part of the candidate filter (availability is the model's, as for the plain
 * rankers); a trained product the catalogue does not describe passes unless an include-only
 * rule asks for something it cannot show.
 */
function ruleFilter(arm: ArmEvaluation, catalog: CatalogSnapshot): (productId: string) => boolean {
  const filter = candidateFilter(catalog, { includeUnavailable: true }, arm.rules);
  const includeOnly = arm.rules.some((r) => r.kind === 'include-only');
  return (productId) => (catalog.get(productId) ? filter(productId) : !includeOnly);
}

/**
 * Recall@K, NDCG@K, intra-list similarity and category coverage (list-metrics.ts) of the plain
 * model and popularity in each mode, and of the arm when its pools are there: candidate filter
 * (plus, in "new" mode, the customer's history) and arrangeList over each case's pool, as
 * serving does for a list.
 */
export function scoreHoldoutLists(lists: readonly HoldoutLists[], k: number, catalog: CatalogSnapshot, arm?: ArmEvaluation): EvaluationRow[] {
  const rows: EvaluationRow[] = [];
  for (const mode of lists) {
    const truths = mode.cases.map((c) => new Set(c.truth));
    rows.push(scoreRow('model', mode, mode.plain.model, truths, k, catalog));
    rows.push(scoreRow('popularity', mode, mode.plain.popularity, truths, k, catalog));
    if (arm && mode.pools) rows.push(scoreRow(ARM_RANKER, mode, arrangeArmLists(mode, k, catalog, arm), truths, k, catalog));
  }
  return rows;
}

/** Each case's list under the arm: its pool through the rules' filter (and, in "new" mode, without the history), then arrangeList. */
export function arrangeArmLists(lists: HoldoutLists, k: number, catalog: CatalogSnapshot, arm: ArmEvaluation): string[][] {
  const accept = ruleFilter(arm, catalog);
  return (lists.pools ?? []).map((pool, i) => {
    const history = lists.cases[i].history;
    const seen = history?.length ? new Set(history) : undefined;
    const acceptHere = seen ? (productId: string) => accept(productId) && !seen.has(productId) : accept;
    const candidates = pool.filter((item) => acceptHere(item.productId));
    return arrangeList(candidates, { k, rules: arm.rules, diversity: arm.diversity, catalog, accept: acceptHere }).map((item) => item.productId);
  });
}

function scoreRow(ranker: string, lists: HoldoutLists, ranked: readonly string[][], truths: readonly ReadonlySet<string>[], k: number, catalog: CatalogSnapshot): EvaluationRow {
  let recall = 0;
  let ndcg = 0;
  let ils = 0;
  let coverage = 0;
  let shortLists = 0;
  for (let i = 0; i < ranked.length; i++) {
    const list = ranked[i].slice(0, k);
    recall += recallAtK(list, truths[i], k);
    ndcg += ndcgAtK(list, truths[i], k);
    ils += intraListSimilarity(list, catalog);
    coverage += categoryCoverage(list, catalog);
    if (list.length < k) shortLists++;
  }
  const n = Math.max(1, ranked.length);
  return { ranker, mode: lists.mode, k, customers: ranked.length, recall: recall / n, ndcg: ndcg / n, ils: ils / n, coverage: coverage / n, shortLists };
}
