import type { AsyncCache } from '@reco/async-cache';
import type { RecommendationList } from '@reco/base-tools';
import type { DatabaseHandle } from '@reco/data';
import type { RankedItem } from '../model/recommender-options';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { ModelRegistry } from '../registry/model-registry';
import { customerNamespace, precomputedKey, servingScope } from './cache-keys';
import { rankCustomer } from './customer-ranking';
import { MAX_K, unfiltered, type RecommendArgs } from './recommend-args';
import type { Unstamped } from './recommendation-id';

export interface PrecomputeOptions {
  /** Checked before each customer: once aborted, no customer starts, those in progress finish, and the run throws the signal's reason. */
  signal?: AbortSignal;
  /** After each stored list: how many so far, of how many asked. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Customers in progress at once (1-64), default 4: while one waits for its events from the
   * database, another is ranked.
   */
  concurrency?: number;
}

export interface PrecomputeOutcome {
  /** Lists stored (0 without a model). */
  customers: number;
  /** The model version the stored lists came from; null without a model. */
  modelVersion: string | null;
  ms: number;
}

export interface PrecomputedListsOptions {
  /** Length of each list: calls for up to this many are answered from it. */
  depth: number;
  /** How long a list is served (a live event, a new model or a catalogue change end it sooner). */
  ttlMs: number;
}

export interface PrecomputedListsDeps {
  database: DatabaseHandle;
  cache: AsyncCache;
  registry: ModelRegistry;
}

/** What the cache holds per customer: product ids, scores and reasons; the catalogue presents them when served. */
interface PrecomputedList {
  strategy: string;
  modelVersion: string;
  excludePurchased: boolean;
  /** Calls for up to this many are answered by the first k items (see CustomerRanking.exactUpTo). */
  exactUpTo: number;
  items: RankedItem[];
}

/** The default list (no filters, bought products kept) is what precompute ranks. */
const PRECOMPUTED_EXCLUDE_PURCHASED = false;

/**
 * Customers' default lists ranked ahead of time (a job on worker processes), stored in each
 * customer's cache namespace under the serving scope, and read by `recommend` on a miss. A live
 * event drops the namespace, so that customer's next answer is ranked with it; a new model version
 * or a catalogue change changes the scope, so every stored list goes unused at once.
 */
export class PrecomputedLists {
  readonly depth: number;
  private readonly ttlMs: number;

  constructor(
    private readonly deps: PrecomputedListsDeps,
    options: PrecomputedListsOptions,
  ) {
    if (!Number.isInteger(options.depth) || options.depth < 1 || options.depth > MAX_K) {
      throw new RangeError(`precomputeDepth must be an integer from 1 to ${MAX_K}, got ${options.depth}`);
    }
    if (!(options.ttlMs > 0) || !Number.isFinite(options.ttlMs)) throw new RangeError(`precomputedTtlMs must be a positive number, got ${options.ttlMs}`);
    this.depth = options.depth;
    this.ttlMs = options.ttlMs;
  }

  /**
   * Ranks and stores each customer's default list at `depth` (a few customers at once), with the
   * model and catalogue current at that customer. Without a model it stores nothing: the
   * popular fallback is cheap and shared already.
   */
  async precompute(customerIds: readonly string[], options: PrecomputeOptions = {}): Promise<PrecomputeOutcome> {
    const started = performance.now();
    customerIds.forEach((id, i) => {
      if (typeof id !== 'string' || id.length === 0) throw new TypeError(`customerIds[${i}] must be a non-empty string, got ${JSON.stringify(id)}`);
    });
    options.signal?.throwIfAborted();
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new RangeError(`concurrency must be an integer from 1 to 64, got ${concurrency}`);
    let next = 0;
    let stored = 0;
    let modelVersion: string | null = null;
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      // Every lane stops taking customers at the first failure or abort; the run throws once all have stopped.
      while (next < customerIds.length && !failure) {
        try {
          options.signal?.throwIfAborted();
          const version = await this.storeList(customerIds[next++] as string);
          if (version === undefined) return;
          stored++;
          modelVersion = version;
          options.onProgress?.(stored, customerIds.length);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, customerIds.length) }, lane));
    if (failure) throw failure.error;
    return { customers: stored, modelVersion, ms: performance.now() - started };
  }

  /** Ranks and stores one customer's list; the model version it came from, or undefined without a model. */
  private async storeList(userId: string): Promise<string | undefined> {
    const { database, cache, registry } = this.deps;
    const model = await registry.current();
    if (!model) return undefined;
    const catalog = await registry.catalog();
    const key = precomputedKey(servingScope(model.version, catalog));
    const namespace = cache.namespace(customerNamespace(userId));
    // Deleted, then loaded through getOrLoad rather than `set`: the cache stores a load that
    // raced a namespace drop (an event arriving while this customer was ranked) as stale, and
    // a plain set would keep a list that misses that event for the whole TTL.
    await namespace.delete(key);
    await namespace.getOrLoad(
      key,
      async (): Promise<PrecomputedList> => {
        const { list, exactUpTo } = await rankCustomer(database, userId, { k: this.depth, excludePurchased: PRECOMPUTED_EXCLUDE_PURCHASED }, model, catalog);
        const items = list.items.map((i) => ({ productId: i.productId, score: i.score, reason: i.reason }));
        return { strategy: list.strategy, modelVersion: model.version, excludePurchased: PRECOMPUTED_EXCLUDE_PURCHASED, exactUpTo, items };
      },
      { ttlMs: this.ttlMs },
    );
    return model.version;
  }

  /**
   * The answer to `recommend(userId, args)` from the stored list, when one was stored under this
   * scope and the call asks for nothing it leaves out (no filters, the same excludePurchased,
   * `k` within it): exactly the first k items a ranking would give. Otherwise undefined, without
   * a read when the arguments alone rule it out.
   */
  async answer(userId: string, args: RecommendArgs, k: number, scope: string, catalog: CatalogSnapshot): Promise<Unstamped<RecommendationList> | undefined> {
    if (!this.answers(args, k)) return undefined;
    const stored = await this.deps.cache.namespace(customerNamespace(userId)).get<PrecomputedList>(precomputedKey(scope));
    if (!stored || k > stored.exactUpTo || stored.excludePurchased !== Boolean(args.excludePurchased)) return undefined;
    return { userId, strategy: stored.strategy, modelVersion: stored.modelVersion, items: catalog.present(stored.items.slice(0, k)) };
  }

  private answers(args: RecommendArgs, k: number): boolean {
    return k <= this.depth && Boolean(args.excludePurchased) === PRECOMPUTED_EXCLUDE_PURCHASED && unfiltered(args);
  }
}
