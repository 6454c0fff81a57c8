// Runs inside a worker thread of the executor: training never touches the server's event loop.
import { openDatabase } from '@reco/data';
import { defineTask, withTransfer } from '@reco/executor';
import { initTensorFlow, type ModelMetadata, type NamedArrays } from '@reco/ml';
import { evaluateRanker, type EvaluationResult } from '../evaluation/evaluate-ranker';
import { popularityPool, popularityRanker } from '../evaluation/baselines';
import { holdoutLists, type HoldoutLists, type HoldoutPoolRequest } from '../evaluation/holdout-lists';
import { evaluationCases, temporalSplit } from '../evaluation/temporal-split';
import type { Interaction } from '../model/interaction';
import type { PurchaseColumns } from '../model/purchase-columns';
import { Recommender } from '../model/recommender';
import type { ProductInfo } from '../model/recommender-options';
import type { RecommenderState, TrainingOptions } from '../model/recommender-state';
import { DAY_MS } from '../model/interaction';
import { fitRecommender } from '../model/fit-recommender';
import type { TrainingLimits } from '../model/training-plan';
import { TRAIN_TASK } from './recommender-tasks';
import { readPurchaseColumns } from '../training/purchase-reader';
import { buffersOf, splitState } from '../storage/recommender-artifacts';
import type { EvaluationRow, HoldoutSpec } from '../training/evaluation-report';

export interface TrainTaskPayload {
  /** Purchases read by the caller (PostgreSQL: network reads cost the event loop little)... */
  columns?: PurchaseColumns;
  /**
   * ...or read here from a SQLite file: SQLite queries run synchronously, and reading 330k
   * purchases on the server's thread stalled it 25-75 ms per page.
   */
  database?: { url: string; until?: number };
  options?: Partial<TrainingOptions>;
  limits?: TrainingLimits;
  /** Scores a model trained before `cutoff` against the following days (model vs popularity). */
  holdout?: HoldoutSpec & {
    /** Also hand back each case's lists (for list metrics, rules and diversity in the caller), with an arm's pool. */
    lists?: { pool?: HoldoutPoolRequest };
  };
  /** The same, on the last `days` of the data (cut-off at the start of that day). */
  holdoutLast?: { days: number; k: number };
  /** Trains the final model on every purchase and encodes it. */
  final?: { metadata: Omit<ModelMetadata, 'backend' | 'counts' | 'metrics' | 'extra' | 'window'> };
}

export interface TrainTaskResult {
  backend: string;
  evaluation: EvaluationRow[];
  /** With `holdout.lists`: the "all" and "new" lists. */
  lists?: HoldoutLists[];
  trainMs: number;
  state?: RecommenderState;
  /** The state's typed arrays (views of its buffers, moved with it) and the metadata: what saveModel writes. */
  artifacts?: { arrays: NamedArrays; metadata: ModelMetadata };
}

export default defineTask(async (payload: TrainTaskPayload) => {
  const backend = await initTensorFlow();
  const columns = payload.columns ?? (await readFromSqlite(payload.database));
  if (columns.customer.length === 0 && !columns.interactions) throw new Error('no purchases, views or carts to train on: import data first');
  let from = Infinity;
  let until = -Infinity;
  for (const times of [columns.time, columns.interactions?.time ?? []]) {
    for (const t of times) {
      if (t < from) from = t;
      if (t > until) until = t;
    }
  }
  const last = payload.holdoutLast;
  const holdout = payload.holdout ?? (last ? { cutoff: Math.floor((until - last.days * DAY_MS) / DAY_MS) * DAY_MS, days: last.days, k: last.k } : undefined);
  const { evaluation, lists } = holdout ? holdoutEvaluation(columns, payload.options ?? {}, holdout, payload.limits, payload.holdout?.lists) : { evaluation: [] };
  const result: TrainTaskResult = { backend, evaluation, lists, trainMs: 0 };
  if (payload.final) {
    const started = performance.now();
    const state = fitRecommender(columns, payload.options, payload.limits);
    result.trainMs = Math.round(performance.now() - started);
    const { arrays, skeleton } = splitState(state);
    const metrics: Record<string, number> = { trainMs: result.trainMs };
    for (const row of evaluation) {
      metrics[`${row.ranker}.${row.mode}.recall@${row.k}`] = row.recall;
      metrics[`${row.ranker}.${row.mode}.ndcg@${row.k}`] = row.ndcg;
    }
    const window = { from: new Date(from).toISOString(), until: new Date(until).toISOString() };
    const metadata: ModelMetadata = { ...payload.final.metadata, window, backend, counts: state.counts, metrics, extra: { state: skeleton, itemModel: state.itemModel } };
    result.state = state;
    result.artifacts = { arrays, metadata };
    return withTransfer(result, buffersOf(state));
  }
  return result;
});

async function readFromSqlite(source: TrainTaskPayload['database']): Promise<PurchaseColumns> {
  if (!source) throw new Error(`${TRAIN_TASK}: give columns or a database`);
  const db = await openDatabase({ url: source.url });
  try {
    return await readPurchaseColumns(db, { until: source.until === undefined ? undefined : new Date(source.until), pageSize: 20_000 });
  } finally {
    await db.close();
  }
}

function unavailableProducts(columns: PurchaseColumns): ProductInfo[] {
  const out: ProductInfo[] = [];
  columns.available?.forEach((offered, p) => {
    if (!offered) out.push({ productId: columns.productIds[p], available: false });
  });
  return out;
}

/** The project's protocol (temporalSplit + evaluationCases), model and popularity, both modes; and, when asked, the lists. */
function holdoutEvaluation(
  columns: PurchaseColumns,
  options: Partial<TrainingOptions>,
  spec: HoldoutSpec,
  limits?: TrainingLimits,
  listsRequest?: { pool?: HoldoutPoolRequest },
): { evaluation: EvaluationRow[]; lists?: HoldoutLists[] } {
  const rows: Interaction[] = [];
  for (let r = 0; r < columns.customer.length; r++) {
    rows.push({ customerId: columns.customerIds[columns.customer[r]], productId: columns.productIds[columns.product[r]], quantity: columns.quantity[r], time: columns.time[r] });
  }
  const split = temporalSplit(rows, { cutoff: spec.cutoff, days: spec.days });
  const state = fitRecommender(columns, { ...options, until: spec.cutoff }, limits);
  // What serving would offer: nothing the catalogue has out of stock.
  const model = new Recommender(state, unavailableProducts(columns));
  const rankers = {
    model: (c: string, k: number, exclude: ReadonlySet<string>) => model.recommend(c, { k, excludeProductIds: exclude }).map((r) => r.productId),
    popularity: popularityRanker(state),
  };
  const pools = {
    model: (c: string, size: number, exclude: ReadonlySet<string>, include?: (productId: string) => boolean) => model.recommend(c, { k: size, excludeProductIds: exclude, include }),
    popularity: popularityPool(state),
  };
  const out: EvaluationRow[] = [];
  const lists: HoldoutLists[] = [];
  for (const mode of ['all', 'new'] as const) {
    const cases = evaluationCases(split, mode);
    for (const [ranker, rank] of Object.entries(rankers)) {
      const r: EvaluationResult = evaluateRanker(rank, cases, mode, spec.k);
      out.push({ ranker, ...r });
    }
    if (listsRequest) lists.push(holdoutLists(cases, mode, spec.k, { plain: rankers, pool: pools }, listsRequest.pool));
  }
  return { evaluation: out, lists: listsRequest ? lists : undefined };
}
