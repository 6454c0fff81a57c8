import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import { Index as FlexIndex } from 'flexsearch';
import MiniSearch from 'minisearch';
import type { Product } from '@reco/data';
import { InProcessSearchIndex } from '@reco/search-tools';

/** A search engine under comparison: built once over a catalogue, then asked for the top 10 ids. */
export interface SearchEngine {
  name: string;
  /** What the engine was configured with, as printed in the comparison. */
  settings: string;
  build(products: readonly Product[]): Promise<void>;
  top10(text: string): Promise<string[]> | string[];
}

/** The words each engine indexes: title, category parts and tag values (Reco indexes the same). */
export function indexedText(p: Product): string {
  const tags = p.tags.map((t) => (t.includes(':') ? t.slice(t.indexOf(':') + 1) : t));
  return [p.title, ...p.categories.flatMap((c) => c.split('>')), ...tags].join(' ');
}

/** Reco's own index as the runtime builds it (lexical ranking, learned description vectors fused). */
export function recoEngine(vectors: boolean): SearchEngine {
  let index: InProcessSearchIndex | undefined;
  return {
    name: vectors ? 'reco' : 'reco-lexical',
    settings: vectors ? 'InProcessSearchIndex, lexical + description vectors (RRF)' : 'InProcessSearchIndex, lexical only',
    async build(products) {
      index?.close();
      index = new InProcessSearchIndex({ loadProducts: async () => [...products], vectors });
      await index.reindex();
    },
    async top10(text) {
      if (!index) throw new Error('build first');
      return (await index.search({ text, limit: 10, offset: 0 })).hits.map((h) => h.product.id);
    },
  };
}

/** FlexSearch 0.8, preset "match", forward tokenizer, suggest: results even when a word matches nothing. */
export function flexSearchEngine(): SearchEngine {
  let index: FlexIndex | undefined;
  let ids: string[] = [];
  return {
    name: 'flexsearch',
    settings: 'flexsearch 0.8.212 Index { preset: "match", tokenize: "forward" }, search suggest: true',
    async build(products) {
      const built = new FlexIndex({ preset: 'match', tokenize: 'forward' });
      products.forEach((p, i) => built.add(i, indexedText(p)));
      ids = products.map((p) => p.id);
      index = built;
    },
    top10(text) {
      if (!index) throw new Error('build first');
      return (index.search(text, { limit: 10, suggest: true }) as number[]).map((i) => ids[i]);
    },
  };
}

/** MiniSearch 7 with fuzzy 0.2 and prefix search (its documented typo-tolerant set-up). */
export function miniSearchEngine(): SearchEngine {
  let index: MiniSearch<{ id: number; text: string }> | undefined;
  let ids: string[] = [];
  return {
    name: 'minisearch',
    settings: 'minisearch 7.2.0 { fuzzy: 0.2, prefix: true }',
    async build(products) {
      index = new MiniSearch({ fields: ['text'], searchOptions: { fuzzy: 0.2, prefix: true } });
      ids = products.map((p) => p.id);
      index.addAll(products.map((p, i) => ({ id: i, text: indexedText(p) })));
    },
    top10(text) {
      if (!index) throw new Error('build first');
      return index.search(text).slice(0, 10).map((r) => ids[r.id as number]);
    },
  };
}

/** Orama 3 with its default BM25 and typo tolerance 1. */
export function oramaEngine(): SearchEngine {
  let db: ReturnType<typeof createDb> | undefined;
  const createDb = () => create({ schema: { code: 'string', text: 'string' } as const });
  return {
    name: 'orama',
    settings: 'orama 3.1.18 { tolerance: 1 }, BM25 over the text only',
    async build(products) {
      db = createDb();
      await insertMultiple(db, products.map((p) => ({ code: p.id, text: indexedText(p) })), 5_000);
    },
    async top10(text) {
      if (!db) throw new Error('build first');
      const result = await oramaSearch(db, { term: text, properties: ['text'], tolerance: 1, limit: 10 });
      return result.hits.map((h) => h.document.code);
    },
  };
}
