import type { Product } from '@reco/data';
import type { CategoryCount, ProductIdPage } from './catalogue-overview';

export interface ProductSearchQuery {
  /** Free text; must contain at least one searchable word. */
  text: string;
  /** Bounds on the current price, inclusive. */
  minPrice?: number;
  maxPrice?: number;
  /** A category path: products in it or in any category under it (letter case ignored). */
  category?: string;
  /** A whole tag, `color:red` or `sale` (letter case ignored). */
  tag?: string;
  limit: number;
  offset: number;
}

/** Why a product matched: by its words, by its vector, or both. */
export const MATCH_KINDS = ['lexical', 'vector', 'both'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface ProductSearchHit {
  product: Product;
  /** Fused relevance in (0, 1]; higher is better. Comparable within one result page only. */
  score: number;
  match: MatchKind;
}

export interface ProductSearchPage {
  hits: ProductSearchHit[];
  /** Matching products before paging (lexical matches plus vector-only ones). */
  total: number;
}

export interface SearchIndexStatus {
  /** `empty` until the first build finishes. */
  state: 'empty' | 'building' | 'ready' | 'failed';
  products: number;
  /** Where product vectors come from: `description-lsa`, `openai:<model>`, or `none`. */
  embeddings: string;
  builtAt?: string;
  buildMs?: number;
  /** Fingerprint of the products searchable now (see catalogueFingerprint). */
  fingerprint?: string;
  /** Products added or replaced since the last build (the index is rebuilt when they are many). */
  changesSinceBuild?: number;
  lastError?: string;
}

/**
 * Product search over the recommendable catalogue (a hidden product is never found; one out of
 * stock is, after those in stock). The default is the in-process index
 * (InProcessSearchIndex); at scale, a server-side index implements the same contract, e.g.
 * PostgreSQL full-text search (tsvector + pg_trgm for typos) with pgvector for the vectors,
 * fused by the same reciprocal-rank step in one SQL query, shared by every instance.
 */
export interface SearchIndex {
  search(query: ProductSearchQuery, signal?: AbortSignal): Promise<ProductSearchPage>;
  /** Every category of the searchable products and each of its ancestors, with product counts, by name. */
  categories(): Promise<CategoryCount[]>;
  /** Searchable products whose id starts with `prefix` (letter case ignored): the first `limit` by id, and how many. */
  productIds(prefix: string, limit: number): Promise<ProductIdPage>;
  /** Rebuilds from the whole catalogue now (after an import); resolves when live. */
  reindex(): Promise<SearchIndexStatus>;
  /**
   * Brings these products up to date now, after they were created, changed, hidden or deleted,
   * without a rebuild: resolves when searches see the change.
   */
  productsChanged(productIds: readonly string[]): Promise<void>;
  status(): SearchIndexStatus;
  /** Stops background refresh. */
  close(): void;
}
