import type { Product } from '@reco/data';
import { silentLogger, type ToolLogger } from '@reco/base-tools';
import type { AsyncExecutor } from '@reco/executor';
import type { EmbeddingProvider } from '../embeddings/embedding-provider';
import type { CategoryCount, ProductIdPage } from './catalogue-overview';
import { readCatalogue, type ProductSource } from './catalogue-pages';
import { cursorAfterBuild, readChangedProducts, readProducts, type ChangeCursor, type ProductChangeSource } from './product-changes';
import { searchableText } from './product-text';
import type { ProductSearchPage, ProductSearchQuery, SearchIndex, SearchIndexStatus } from './search-index';
import { DEFAULT_FUSION_SETTINGS, type FusionSettings } from './rank-fusion';
import { SearchSnapshot } from './search-snapshot';
import { SnapshotBuilder } from './snapshot-builder';
import { waitAtMost } from './wait-at-most';

export interface InProcessSearchIndexOptions {
  /**
   * The searchable catalogue: all at once (`products.findAll({ recommendableOnly: true })`) or,
   * better for a large one, page by page (`recommendableProductPages(...)`).
   */
  loadProducts: () => ProductSource;
  /**
   * Builds run their CPU-heavy part (tokenising, postings, vectors) in this pool's worker
   * threads, off the event loop; without one, in the calling thread.
   */
  executor?: AsyncExecutor;
  /** Deadline of a build's task in the pool. */
  buildTimeoutMs?: number;
  /**
   * Where single changes are read (`findByIds` for productsChanged, `changedSince` to catch up
   * with other instances' writes); without it productsChanged rebuilds the whole index.
   */
  changes?: () => Promise<ProductChangeSource>;
  /** At most this often a search first reads the products changed since the last read (a short wait, one indexed query); 0: never. Default 1000. */
  changesMs?: number;
  /** How long a search waits for that read before it answers from what the index holds. Default 100. */
  catchUpWaitMs?: number;
  /** External embeddings; without one the index learns vectors from the descriptions. */
  embeddingProvider?: EmbeddingProvider;
  /** False: lexical ranking only. */
  vectors?: boolean;
  /** The whole catalogue is re-read at most this often (on a search, in the background) and the index rebuilt if it differs from what is searched; 0: never. */
  refreshMs?: number;
  fusion?: Partial<FusionSettings>;
  logger?: ToolLogger;
  /** Called after every rebuild that changed the catalogue (not the first build). */
  onCatalogueChanged?: (status: SearchIndexStatus) => void;
  /** Called with the ids whose searchable product changed, after productsChanged or a catch-up applied them. */
  onProductsChanged?: (productIds: readonly string[]) => void;
}

const DEFAULT_CHANGES_MS = 1_000;
const DEFAULT_CATCH_UP_WAIT_MS = 100;
/** More changed products than this in one catch-up read: rebuild instead. */
const MAX_CHANGES_PER_READ = 2_000;
/** Added documents after which the index is rebuilt (compacted): at least this many... */
const COMPACT_MIN_ADDED = 1_000;
/** ...and this share of the build. */
const COMPACT_ADDED_SHARE = 0.2;

/**
 * The default SearchIndex: everything in process memory.
 * Built lazily on the first search, with concurrent first searches sharing one build; swapped
 * atomically when rebuilt, so searches always see a complete build. Changed products are applied
 * to the live build (SearchSnapshot.apply) at once: those this instance wrote through
 * productsChanged, those other instances wrote through a catch-up read of `changedSince`.
 */
export class InProcessSearchIndex implements SearchIndex {
  private snapshot: { value: SearchSnapshot; builtAt: Date; buildMs: number } | undefined;
  private building: Promise<SearchSnapshot> | undefined;
  private refreshing: Promise<void> | undefined;
  private lastCheck = 0;
  private lastError: string | undefined;
  private closed = false;
  private readonly logger: ToolLogger;
  private readonly fusion: FusionSettings;
  private readonly builder: SnapshotBuilder;
  /** Changes are read and applied one batch at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Ids changed while a build runs: applied to the new build before it goes live. */
  private touchedDuringBuild: Set<string> | undefined;
  private cursor: ChangeCursor | undefined;
  private catchingUp: Promise<void> | undefined;
  private lastCatchUp = 0;

  constructor(private readonly options: InProcessSearchIndexOptions) {
    this.logger = options.logger ?? silentLogger;
    this.fusion = { ...DEFAULT_FUSION_SETTINGS, ...options.fusion };
    this.builder = new SnapshotBuilder({
      executor: options.executor,
      taskTimeoutMs: options.buildTimeoutMs,
      embeddingProvider: options.embeddingProvider,
      vectors: options.vectors,
      fusion: this.fusion,
      logger: this.logger,
    });
  }

  async search(query: ProductSearchQuery, signal?: AbortSignal): Promise<ProductSearchPage> {
    return (await this.current()).search(query, signal);
  }

  async categories(): Promise<CategoryCount[]> {
    return [...(await this.current()).overview().categories];
  }

  async productIds(prefix: string, limit: number): Promise<ProductIdPage> {
    return (await this.current()).overview().productIds(prefix, limit);
  }

  async reindex(): Promise<SearchIndexStatus> {
    // A build already running may have read the catalogue before the change: build again after it.
    await this.building?.catch(() => undefined);
    await this.startBuild(true);
    return this.status();
  }

  async productsChanged(productIds: readonly string[]): Promise<void> {
    // Never built: the first build reads everything.
    if (productIds.length === 0 || (!this.snapshot && !this.building)) return;
    for (const id of productIds) this.touchedDuringBuild?.add(id);
    const changes = this.options.changes;
    const built = this.snapshot?.value;
    // Without single reads, or for a bulk change (a file import), one rebuild beats reading each product.
    if (!changes || (built && productIds.length > this.compactionThreshold(built))) {
      await this.reindex();
      return;
    }
    await this.enqueue(async () => {
      const { found, deleted } = await readProducts(await changes(), productIds);
      await this.applyChanges(found, deleted);
    });
  }

  status(): SearchIndexStatus {
    const s = this.snapshot;
    return {
      state: s ? 'ready' : this.building ? 'building' : this.lastError ? 'failed' : 'empty',
      products: s?.value.size ?? 0,
      embeddings: s?.value.embeddings?.name ?? 'none',
      ...(s ? { builtAt: s.builtAt.toISOString(), buildMs: s.buildMs, fingerprint: s.value.fingerprint, changesSinceBuild: s.value.addedSinceBuild } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  close(): void {
    this.closed = true;
  }

  /** The live build, as a search sees it: built first if need be, with the latest changes read. */
  private async current(): Promise<SearchSnapshot> {
    const built = this.snapshot?.value ?? (await (this.building ?? this.startBuild(true)));
    await this.catchUp();
    this.maybeRefresh();
    return this.snapshot?.value ?? built;
  }

  /** Single flight: one build at a time; `force` rebuilds even if the catalogue is unchanged. */
  private startBuild(force: boolean): Promise<SearchSnapshot> {
    this.touchedDuringBuild ??= new Set();
    const run = this.build(force).finally(() => {
      if (this.building === run) {
        this.building = undefined;
        this.touchedDuringBuild = undefined;
      }
    });
    this.building = run;
    return run;
  }

  private async build(force: boolean): Promise<SearchSnapshot> {
    const started = performance.now();
    try {
      const readAt = Date.now();
      const catalogue = await readCatalogue(this.options.loadProducts());
      const readMs = Math.round(performance.now() - started);
      this.lastCheck = Date.now();
      const previous = this.snapshot;
      if (!force && previous && previous.value.fingerprint === catalogue.documents.fingerprint) return previous.value;
      const { snapshot: value, timings } = await this.builder.build(catalogue);
      await this.applyTouched(value);
      const buildMs = Math.round(performance.now() - started);
      this.snapshot = { value, builtAt: new Date(), buildMs };
      this.cursor = cursorAfterBuild(readAt);
      this.lastError = undefined;
      const embeddings = value.embeddings?.name ?? 'none';
      this.logger.info({ products: value.size, buildMs, readMs, ...timings, embeddings, fingerprint: value.fingerprint }, 'search index built');
      if (previous && previous.value.fingerprint !== value.fingerprint) this.options.onCatalogueChanged?.(this.status());
      return value;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.logger.error({ err }, 'search index build failed');
      throw err;
    }
  }

  /** Products changed while the build read and learned: brought into it before it goes live. */
  private async applyTouched(value: SearchSnapshot): Promise<void> {
    const changes = this.options.changes;
    const touched = this.touchedDuringBuild;
    if (!changes || !touched) return;
    for (let round = 0; round < 3 && touched.size > 0; round++) {
      const ids = [...touched];
      touched.clear();
      const { found, deleted } = await readProducts(await changes(), ids);
      value.apply({ products: found, deleted, vectors: await this.vectorsFor(value, found) });
    }
    // Still more after three rounds: a stream of writes; they follow the build through the queue.
    if (touched.size > 0) void this.productsChanged([...touched]).catch((err: unknown) => this.logger.warn({ err }, 'search index update failed'));
  }

  /** Vectors of the products `value` will add, by id; none when there is nothing to embed with or it fails. */
  private async vectorsFor(value: SearchSnapshot, products: readonly Product[]): Promise<Map<string, Float32Array | undefined>> {
    const adding = products.filter((p) => value.needsVector(p));
    const embed = value.embeddings?.embedProducts?.bind(value.embeddings);
    if (!embed || adding.length === 0) return new Map();
    try {
      const vectors = await embed(adding.map(searchableText));
      return new Map(adding.map((p, i) => [p.id, vectors[i]]));
    } catch (err) {
      // Found by their words until the next rebuild.
      this.logger.warn({ err }, 'embedding changed products failed; they are searched by their words');
      return new Map();
    }
  }

  /** Applies current rows to the live build; a build swapped in meanwhile gets them instead. */
  private async applyChanges(found: readonly Product[], deleted: readonly string[]): Promise<void> {
    const value = this.snapshot?.value;
    if (!value) return;
    const vectors = await this.vectorsFor(value, found);
    const live = this.snapshot?.value;
    if (!live) return;
    const changed = live.apply({ products: found, deleted, vectors: live === value ? vectors : await this.vectorsFor(live, found) });
    if (changed.length === 0) return;
    this.logger.info({ products: changed.length, changesSinceBuild: live.addedSinceBuild }, 'search index updated');
    this.options.onProductsChanged?.(changed);
    if (live.addedSinceBuild > this.compactionThreshold(live)) this.rebuildInBackground('compaction');
  }

  private compactionThreshold(value: SearchSnapshot): number {
    return Math.max(COMPACT_MIN_ADDED, value.builtSize * COMPACT_ADDED_SHARE);
  }

  /** Reads what other instances changed since the last read and applies it. */
  private async readChanges(): Promise<void> {
    const changes = this.options.changes;
    const value = this.snapshot?.value;
    const cursor = this.cursor;
    if (!changes || !value || !cursor) return;
    const read = await readChangedProducts(await changes(), cursor, MAX_CHANGES_PER_READ);
    if (this.cursor !== cursor) return; // a build went live meanwhile and set its own cursor
    const changed = read.rows.filter((p) => value.wouldChange(p));
    if (!read.complete && changed.length >= MAX_CHANGES_PER_READ / 2) {
      this.rebuildInBackground('bulk change');
      return;
    }
    await this.applyChanges(changed, []);
    if (this.cursor === cursor) this.cursor = read.cursor;
  }

  /** At most every `changesMs`, a search reads the latest changes first, waiting briefly for them. */
  private catchUp(): Promise<void> {
    const every = this.options.changesMs ?? DEFAULT_CHANGES_MS;
    if (!this.options.changes || every <= 0 || this.closed || this.building) return Promise.resolve();
    if (!this.catchingUp && Date.now() - this.lastCatchUp >= every) {
      this.lastCatchUp = Date.now();
      this.catchingUp = this.enqueue(() => this.readChanges())
        .catch((err: unknown) => this.logger.warn({ err }, 'reading product changes failed')) // the index keeps serving
        .finally(() => (this.catchingUp = undefined));
    }
    return this.catchingUp ? waitAtMost(this.catchingUp, this.options.catchUpWaitMs ?? DEFAULT_CATCH_UP_WAIT_MS) : Promise.resolve();
  }

  /** At most every `refreshMs`, re-reads the catalogue in the background and rebuilds if it changed. */
  private maybeRefresh(): void {
    const every = this.options.refreshMs ?? 0;
    if (every <= 0 || this.closed || this.refreshing || this.building || Date.now() - this.lastCheck < every) return;
    this.lastCheck = Date.now();
    this.refreshing = this.startBuild(false)
      .then(() => undefined)
      .catch(() => undefined) // logged in build; the old snapshot keeps serving
      .finally(() => (this.refreshing = undefined));
  }

  private rebuildInBackground(reason: string): void {
    if (this.building || this.closed) return;
    this.logger.info({ reason }, 'search index rebuilding');
    void this.startBuild(true).catch(() => undefined); // logged in build; the live one keeps serving
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
