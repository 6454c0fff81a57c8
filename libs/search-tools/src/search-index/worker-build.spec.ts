import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { AsyncExecutor } from '@reco/executor';
import { LABELLED_QUERIES } from '../__fixtures__/labelled-queries';
import { openSearchFixture, type SearchFixture } from '../__fixtures__/search-fixture';
import type { EmbeddingProvider } from '../embeddings/embedding-provider';
import { readCatalogue, recommendableProductPages } from './catalogue-pages';
import { buildSearchParts, type SearchBuildInput, type SearchBuildParts } from './search-build';
import type { ProductSearchQuery } from './search-index';
import { SEARCH_BUILD_TASK } from './snapshot-builder';

const PAGE = 500;
const page = { limit: 10, offset: 0 };

const withoutTimings = ({ timings: _timings, ...parts }: SearchBuildParts) => parts;

/** A real (if crude) embedding model: letter frequencies. Deterministic, no network. */
const letterEmbeddings: EmbeddingProvider = {
  name: 'letters',
  async embed(texts) {
    return texts.map((text) => {
      const v = new Float32Array(26);
      for (const c of text.toLowerCase()) if (c >= 'a' && c <= 'z') v[c.charCodeAt(0) - 97]++;
      return v;
    });
  },
};

/** What a shopper sees of a page: products, order, scores, why they matched, and the count. */
async function answers(f: SearchFixture, queries: readonly ProductSearchQuery[]) {
  const out = [];
  for (const q of queries) {
    const result = await f.index.search(q);
    out.push({ total: result.total, hits: result.hits.map((h) => [h.product.id, h.score, h.match]) });
  }
  return out;
}

const QUERIES: ProductSearchQuery[] = LABELLED_QUERIES.map((q) => ({ text: q.query, minPrice: q.minPrice, maxPrice: q.maxPrice, ...page }));

describe('the search index built in the worker pool', () => {
  let executor: AsyncExecutor;

  beforeAll(() => {
    executor = new AsyncExecutor({ threads: 1, name: 'search-build-test' });
  });
  afterAll(() => executor.close());

  describe('the build task', () => {
    let sample: SampleDatabase;
    beforeAll(async () => {
      sample = await openSampleDatabase();
    });
    afterAll(() => sample.close());

    it('builds in a worker thread exactly the parts this thread builds', async () => {
      const task = executor.registerTask<SearchBuildInput, SearchBuildParts>(SEARCH_BUILD_TASK, require.resolve('./search-build.task'));
      const { titles, attributes } = await readCatalogue(recommendableProductPages(async () => sample.db.products, PAGE));
      const input: SearchBuildInput = { titles, attributes, vectors: 'learned' };
      const here = buildSearchParts(input);
      const there = await executor.run(task, input);
      // The sample is large enough for every part: learned vectors and their IVF partitions.
      expect(here.learned?.productVectors.length).toBe(titles.length * (here.learned?.dimensions ?? 0));
      expect(here.partitions?.members.length).toBe(titles.length);
      expect(withoutTimings(there)).toEqual(withoutTimings(here));
    }, 60_000);
  });

  describe('an index whose builds run in the pool, over catalogue pages', () => {
    let inPool: SearchFixture;
    let inThread: SearchFixture;
    beforeAll(async () => {
      inPool = await openSearchFixture({ executor, changesMs: 0 }, { pagesOf: PAGE });
      inThread = await openSearchFixture({ changesMs: 0 });
    });
    afterAll(async () => {
      await inPool?.close();
      await inThread?.close();
    });

    it('answers every labelled query as an index built in this thread does', async () => {
      const builds = executor.stats().completed;
      expect(await answers(inPool, QUERIES)).toEqual(await answers(inThread, QUERIES));
      expect(executor.stats().completed).toBe(builds + 1);
      expect(inPool.index.status()).toMatchObject({ state: 'ready', fingerprint: inThread.index.status().fingerprint, embeddings: 'description-lsa' });
      // Read page by page, never all at once.
      expect(inPool.products.findAllCalls).toBe(0);
      const products = await inPool.sample.db.products.count();
      expect(inPool.products.listPageCalls).toBe(Math.floor(products / PAGE) + 1);
    }, 60_000);

    it('applies changed products to the live build without another build', async () => {
      const builds = executor.stats().completed;
      await inPool.sample.db.products.upsertMany([{ id: 'SKU-NARWHAL', title: 'Velvet narwhal cushion', price: 9, categories: ['Home > Cushions'] }]);
      await inPool.sample.db.products.hide('85099B');
      await inPool.index.productsChanged(['SKU-NARWHAL', '85099B']);
      const ids = async (text: string, category?: string) => (await inPool.index.search({ text, category, ...page })).hits.map((h) => h.product.id);
      expect((await ids('narwhal cushion', 'home'))[0]).toBe('SKU-NARWHAL');
      expect(await ids('jumbo bag red retrospot')).not.toContain('85099B');
      expect(executor.stats().completed).toBe(builds);
      expect(inPool.index.status().changesSinceBuild).toBe(1);
    });

    it('rebuilds in the pool on reindex, folding the changes in', async () => {
      const builds = executor.stats().completed;
      const status = await inPool.index.reindex();
      expect(executor.stats().completed).toBe(builds + 1);
      expect(status).toMatchObject({ state: 'ready', changesSinceBuild: 0 });
      expect((await inPool.index.search({ text: 'narwhal', ...page })).hits[0]?.product.id).toBe('SKU-NARWHAL');
    }, 60_000);
  });

  it("sends a provider's vectors to the pool and back, partitioned, and answers as in this thread", async () => {
    const inPool = await openSearchFixture({ executor, embeddingProvider: letterEmbeddings }, { pagesOf: PAGE });
    const inThread = await openSearchFixture({ embeddingProvider: letterEmbeddings });
    try {
      const queries = QUERIES.slice(0, 12);
      expect(await answers(inPool, queries)).toEqual(await answers(inThread, queries));
      expect(inPool.index.status().embeddings).toBe('letters');
    } finally {
      await inPool.close();
      await inThread.close();
    }
  }, 60_000);
});
