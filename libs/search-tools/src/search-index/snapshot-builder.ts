import { silentLogger, type ToolLogger } from '@reco/base-tools';
import { withTransfer, type AsyncExecutor, type TaskRef, type WithTransfer } from '@reco/executor';
import { DescriptionEmbeddings } from '../embeddings/description-embeddings';
import type { EmbeddingProvider } from '../embeddings/embedding-provider';
import { learnedEmbeddingsOf, providerEmbeddingsOf, providerTable, type ProductEmbeddings } from '../embeddings/product-embeddings';
import { VectorPartitions } from '../embeddings/vector-partitions';
import { VectorTable } from '../embeddings/vector-table';
import type { CatalogueRead } from './catalogue-pages';
import { LexicalIndex } from './lexical-index';
import type { FusionSettings } from './rank-fusion';
import { buildSearchParts, joinSearchableText, type SearchBuildInput, type SearchBuildParts } from './search-build';
import { SearchSnapshot } from './search-snapshot';

/** The name the index build task is registered under in the executor pool. */
export const SEARCH_BUILD_TASK = 'search-index-build';

export interface SnapshotBuilderOptions {
  /** Runs the CPU-heavy part of a build in its worker pool; without one it runs in this thread. */
  executor?: AsyncExecutor;
  /** Deadline of the build task in the pool. */
  taskTimeoutMs?: number;
  embeddingProvider?: EmbeddingProvider;
  /** False: lexical ranking only. */
  vectors?: boolean;
  fusion: FusionSettings;
  logger?: ToolLogger;
}

type BuildTask = TaskRef<SearchBuildInput | WithTransfer<SearchBuildInput>, SearchBuildParts>;

/**
 * Turns a catalogue read into a SearchSnapshot. Tokenising, packing the postings, learning the
 * description vectors and partitioning them (seconds at 100,000 products) run in a worker
 * thread when there is an executor; this thread only reads pages, asks the embedding provider
 * (I/O) and assembles the parts, which arrive as moved typed arrays.
 */
export class SnapshotBuilder {
  private readonly task: BuildTask | undefined;
  private readonly logger: ToolLogger;

  constructor(private readonly options: SnapshotBuilderOptions) {
    this.logger = options.logger ?? silentLogger;
    // Registered while the container is built: before the pool's first run.
    this.task = options.executor?.registerTask<SearchBuildInput | WithTransfer<SearchBuildInput>, SearchBuildParts>(
      SEARCH_BUILD_TASK,
      require.resolve('./search-build.task'),
    );
  }

  /** A snapshot of the catalogue, and how long the worker-side steps took (for the build log). */
  async build(catalogue: CatalogueRead): Promise<{ snapshot: SearchSnapshot; timings: SearchBuildParts['timings'] & { inWorker: boolean } }> {
    const { documents, titles, attributes } = catalogue;
    const provided = await this.providerVectors(catalogue);
    const vectors: SearchBuildInput['vectors'] =
      this.options.vectors === false || documents.count === 0 ? 'none' : provided ? { data: provided.table.flat, dimensions: provided.table.dimensions } : 'learned';
    const parts = await this.parts({ titles, attributes, vectors });
    const lexical = new LexicalIndex(parts.lexical, Array.from({ length: documents.count }, (_, doc) => documents.at(doc).id));
    const snapshot = new SearchSnapshot(documents, embeddingsOf(parts, provided?.provider), this.options.fusion, lexical);
    return { snapshot, timings: { ...parts.timings, inWorker: Boolean(this.task) } };
  }

  private parts(input: SearchBuildInput): Promise<SearchBuildParts> | SearchBuildParts {
    const { executor } = this.options;
    if (!executor || !this.task) return buildSearchParts(input);
    const payload = typeof input.vectors === 'object' ? withTransfer(input, [input.vectors.data]) : input;
    return executor.run(this.task, payload, this.options.taskTimeoutMs ? { timeoutMs: this.options.taskTimeoutMs } : {});
  }

  /** The external provider's vectors of every product, or undefined (none configured, or it failed). */
  private async providerVectors(catalogue: CatalogueRead): Promise<{ provider: EmbeddingProvider; table: VectorTable } | undefined> {
    const provider = this.options.embeddingProvider;
    if (!provider || this.options.vectors === false || catalogue.documents.count === 0) return undefined;
    try {
      const texts = catalogue.titles.map((title, i) => joinSearchableText(title, catalogue.attributes[i]));
      return { provider, table: await providerTable(provider, texts) };
    } catch (err) {
      // Search must not depend on an external service being up: fall back to learned vectors.
      this.logger.warn({ err, provider: provider.name }, 'embedding provider failed; using learned description vectors');
      return undefined;
    }
  }
}

/** The embeddings a build's parts describe, if any. */
function embeddingsOf(parts: SearchBuildParts, provider: EmbeddingProvider | undefined): ProductEmbeddings | undefined {
  const partitions = parts.partitions ? new VectorPartitions(parts.partitions) : undefined;
  if (parts.learned) return learnedEmbeddingsOf(DescriptionEmbeddings.fromParts(parts.learned), partitions);
  if (parts.provided && provider) return providerEmbeddingsOf(provider, VectorTable.fromUnitRows(parts.provided.data, parts.provided.dimensions), partitions);
  return undefined;
}
