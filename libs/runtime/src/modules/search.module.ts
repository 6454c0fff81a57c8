import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { AsyncCache } from '@reco/async-cache';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { createSearchTools, InProcessSearchIndex, OpenAiEmbeddingProvider, recommendableProductPages, SEARCH_TOKENS, ProductCatalog } from '@reco/search-tools';
import type { AppConfig } from '../config';
import type { HealthCheck } from '../health-check';
import { RUNTIME_TOKENS, type CatalogChangeListener } from '../tokens';

/** Registers the product search index and tools (@reco/search-tools): services, tools, tasks, health checks. */
export function registerSearchModule(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  const database = container.resolve<DatabaseHandle>(DATA_TOKENS.Database);
  const cache = container.resolve<AsyncCache>(RUNTIME_TOKENS.Cache);
  const log = logger.child({ lib: 'search-tools' });

  const catalog = new ProductCatalog({ products: async () => (await database.get()).products, cache });
  const embeddingProvider = config.EMBEDDINGS_BASE_URL
    ? new OpenAiEmbeddingProvider({ baseUrl: config.EMBEDDINGS_BASE_URL, model: config.EMBEDDINGS_MODEL, apiKey: config.EMBEDDINGS_API_KEY })
    : undefined;
  const forgetCached = (ids: readonly string[]) =>
    void catalog.forget(ids).catch((err: unknown) => log.warn({ err }, 'product cache invalidation failed'));
  // In-process by default; a server-side SearchIndex (PostgreSQL FTS + pgvector) would be chosen here.
  const index = new InProcessSearchIndex({
    // Hidden products are never found; those out of stock are, after the ones in stock.
    loadProducts: () => recommendableProductPages(async () => (await database.get()).products),
    // A build's tokenising, postings and vectors run in the worker pool, off the event loop.
    executor: container.resolve(RUNTIME_TOKENS.Executor),
    changes: async () => (await database.get()).products,
    changesMs: config.SEARCH_CHANGES_MS,
    embeddingProvider,
    vectors: config.SEARCH_VECTORS,
    refreshMs: config.SEARCH_REFRESH_MS,
    fusion: { vectorWeight: config.SEARCH_VECTOR_WEIGHT },
    logger: log,
    // Prices in the product cache are as stale as the catalogue the index saw: drop them together.
    onCatalogueChanged: () => void catalog.invalidate().catch((err: unknown) => log.warn({ err }, 'product cache invalidation failed')),
    // Another instance's change, read by the catch-up: this instance's cached copies are stale too.
    onProductsChanged: forgetCached,
  });

  container.register(SEARCH_TOKENS.Index, { useValue: index });
  container.register(SEARCH_TOKENS.ProductCatalog, { useValue: catalog });
  container.resolve(RUNTIME_TOKENS.ToolRegistry).register(...createSearchTools(index, catalog));
  // Never builds the index itself: readiness must not wait on a full catalogue read.
  const health: HealthCheck = {
    name: 'search',
    check: async () => {
      const status = index.status();
      if (status.state === 'failed') throw new Error(`search index build failed: ${status.lastError ?? 'unknown'}`);
      return { state: status.state, products: status.products, embeddings: status.embeddings };
    },
  };
  container.register(RUNTIME_TOKENS.HealthChecks, { useValue: health });
  container.register(RUNTIME_TOKENS.Disposables, { useValue: { name: 'search', dispose: async () => index.close() } });
  // A product written through this instance (API or file import) is searchable, changed or gone at once.
  const listener: CatalogChangeListener = {
    name: 'search',
    productsChanged: async (productIds) => {
      await catalog.forget(productIds);
      await index.productsChanged(productIds);
    },
  };
  container.register(RUNTIME_TOKENS.CatalogChangeListeners, { useValue: listener });
  // An import on another process (a worker): rebuild what this process searches. A process that
  // never built its index (a worker, the CLI) leaves it unbuilt.
  const signals = container.resolve(RUNTIME_TOKENS.ClusterSignals);
  signals.subscribe((signal) => {
    if (signal.type !== 'search-reindex' || index.status().state === 'empty') return;
    index.reindex().catch((err: unknown) => log.error({ err }, 'search index rebuild after another instance\'s import failed'));
  });
  container.register(RUNTIME_TOKENS.AfterImportHooks, {
    useValue: {
      name: 'search',
      run: async () => {
        await catalog.invalidate();
        await signals.publish({ type: 'search-reindex' });
        // The CLI's report shows what the index holds; a worker that never searched skips the build.
        if (index.status().state === 'empty' && signals.transport === 'redis') return { rebuiltBy: 'serving instances' };
        await index.reindex();
        return { products: index.status().products };
      },
    },
  });
}
