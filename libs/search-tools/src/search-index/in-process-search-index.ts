import type { Product } from '@reco/data';
import { silentLogger, type ToolLogger } from '@reco/base-tools';
import type { EmbeddingProvider } from '../embeddings/embedding-provider';
import { learnedEmbeddings, providerEmbeddings, type ProductEmbeddings } from '../embeddings/product-embeddings';
import { catalogueFingerprint } from './catalogue-fingerprint';
import type { ProductSearchPage, ProductSearchQuery, SearchIndex, SearchIndexStatus } from './search-index';
import { DEFAULT_FUSION_SETTINGS, type FusionSettings } from './rank-fusion';
import { SearchSnapshot } from './search-snapshot';

export interface InProcessSearchIndexOptions {
  /** The searchable catalogue, e.g. `products.findAll({ recommendableOnly: true, availableOnly: true })`. */
  loadProducts: () => Promise<readonly Product[]>;
  /** External embeddings; without one the index learns vectors from the descriptions. */
  embeddingProvider?: EmbeddingProvider;
  /** False: lexical ranking only. */
  vectors?: boolean;
  /** The catalogue is re-read at most this often (on a search, in the background) and the index rebuilt if it changed; 0: never. */
  refreshMs?: number;
  fusion?: Partial<FusionSettings>;
  logger?: ToolLogger;
  /** Called after every rebuild that changed the catalogue (not the first build). */
  onCatalogueChanged?: (status: SearchIndexStatus) => void;
}

/**
 * The default SearchIndex: everything in process memory.
 * Built lazily on the first search, with concurrent first searches sharing one build; swapped
 * atomically when the catalogue changes, so searches always see a complete build.
 */
export class InProcessSearchIndex implements SearchIndex {
  private snapshot: { value: SearchSnapshot; fingerprint: string; builtAt: Date; buildMs: number } | undefined;
  private building: Promise<SearchSnapshot> | undefined;
  private refreshing: Promise<void> | undefined;
  private lastCheck = 0;
  private lastError: string | undefined;
  private closed = false;
  private readonly logger: ToolLogger;
  private readonly fusion: FusionSettings;

  constructor(private readonly options: InProcessSearchIndexOptions) {
    this.logger = options.logger ?? silentLogger;
    this.fusion = { ...DEFAULT_FUSION_SETTINGS, ...options.fusion };
  }

  async search(query: ProductSearchQuery, signal?: AbortSignal): Promise<ProductSearchPage> {
    const snapshot = this.snapshot?.value ?? (await this.ensureBuilt());
    this.maybeRefresh();
    return snapshot.search(query, signal);
  }

  async reindex(): Promise<SearchIndexStatus> {
    // A build already running may have read the catalogue before the change: build again after it.
    await this.building?.catch(() => undefined);
    await this.startBuild(true);
    return this.status();
  }

  status(): SearchIndexStatus {
    const s = this.snapshot;
    return {
      state: s ? 'ready' : this.building ? 'building' : this.lastError ? 'failed' : 'empty',
      products: s?.value.products.length ?? 0,
      embeddings: s?.value.embeddings?.name ?? 'none',
      ...(s ? { builtAt: s.builtAt.toISOString(), buildMs: s.buildMs, fingerprint: s.fingerprint } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  close(): void {
    this.closed = true;
  }

  private ensureBuilt(): Promise<SearchSnapshot> {
    return this.building ?? this.startBuild(true);
  }

  /** Single flight: one build at a time; `force` rebuilds even if the catalogue is unchanged. */
  private startBuild(force: boolean): Promise<SearchSnapshot> {
    const run = this.build(force).finally(() => {
      if (this.building === run) this.building = undefined;
    });
    this.building = run;
    return run;
  }

  private async build(force: boolean): Promise<SearchSnapshot> {
    const started = performance.now();
    try {
      const products = await this.options.loadProducts();
      const fingerprint = catalogueFingerprint(products);
      this.lastCheck = Date.now();
      const previous = this.snapshot;
      if (!force && previous && previous.fingerprint === fingerprint) return previous.value;
      const embeddings = await this.embeddingsFor(products);
      const value = new SearchSnapshot(products, embeddings, this.fusion);
      const buildMs = Math.round(performance.now() - started);
      this.snapshot = { value, fingerprint, builtAt: new Date(), buildMs };
      this.lastError = undefined;
      this.logger.info({ products: products.length, buildMs, embeddings: embeddings?.name ?? 'none', fingerprint }, 'search index built');
      if (previous && previous.fingerprint !== fingerprint) this.options.onCatalogueChanged?.(this.status());
      return value;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.logger.error({ err }, 'search index build failed');
      throw err;
    }
  }

  private async embeddingsFor(products: readonly Product[]): Promise<ProductEmbeddings | undefined> {
    if (this.options.vectors === false || products.length === 0) return undefined;
    const descriptions = products.map((p) => p.title);
    const provider = this.options.embeddingProvider;
    if (provider) {
      try {
        return await providerEmbeddings(provider, descriptions);
      } catch (err) {
        // Search must not depend on an external service being up: fall back to learned vectors.
        this.logger.warn({ err, provider: provider.name }, 'embedding provider failed; using learned description vectors');
      }
    }
    return learnedEmbeddings(descriptions);
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
}
