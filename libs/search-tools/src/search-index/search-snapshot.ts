import type { Product } from '@reco/data';
import type { ProductEmbeddings } from '../embeddings/product-embeddings';
import { LexicalIndex, type ParsedQuery } from './lexical-index';
import { DEFAULT_FUSION_SETTINGS, maxFusedScore, reciprocalRankFusion, type FusionSettings, type RankedList } from './rank-fusion';
import type { MatchKind, ProductSearchPage, ProductSearchQuery } from './search-index';

// Tiers order results before the fused score: a product named exactly by the query, then one
// holding every query word, then the rest (partial, typo or vector-only matches).
const TIER_EXACT = 0;
const TIER_ALL_WORDS = 1;
const TIER_OTHER = 2;

/** One immutable build of the index: products, lexical index, vectors. Searches never see a half-built one. */
export class SearchSnapshot {
  private readonly lexical: LexicalIndex;
  private readonly prices: Float64Array;

  constructor(
    readonly products: readonly Product[],
    readonly embeddings: ProductEmbeddings | undefined,
    private readonly settings: FusionSettings = DEFAULT_FUSION_SETTINGS,
  ) {
    this.lexical = new LexicalIndex(products);
    this.prices = Float64Array.from(products, (p) => p.price);
  }

  async search(query: ProductSearchQuery, signal?: AbortSignal): Promise<ProductSearchPage> {
    const { minPrice, maxPrice } = query;
    const prices = this.prices;
    const accept =
      minPrice === undefined && maxPrice === undefined
        ? undefined
        : (doc: number) => (minPrice === undefined || prices[doc] >= minPrice) && (maxPrice === undefined || prices[doc] <= maxPrice);
    const depth = Math.max(this.settings.lexicalDepth, query.offset + query.limit);
    const lexical = this.lexical.search(query.text, { limit: depth, accept });
    if (lexical.query.terms.length === 0) return { hits: [], total: 0 };

    const lists: RankedList[] = [{ ids: lexical.hits.map((h) => h.doc), weight: this.settings.lexicalWeight }];
    let vectorIds: number[] = [];
    if (this.embeddings && this.settings.vectorWeight > 0) {
      const vector = await this.embeddings.embedQuery(query.text, lexical.query, lexical.hits, signal).catch((err: unknown) => {
        // An external embeddings endpoint being down degrades search to lexical, never fails it.
        if (signal?.aborted) throw err;
        return undefined;
      });
      if (vector) {
        const min = this.embeddings.minSimilarity;
        vectorIds = this.embeddings
          .nearest(vector, this.settings.vectorDepth, accept)
          .filter((n) => n.similarity >= min)
          .map((n) => n.row);
        lists.push({ ids: vectorIds, weight: this.settings.vectorWeight });
      }
    }

    const fused = reciprocalRankFusion(lists, this.settings.k);
    const lexicalSet = new Set(lists[0].ids);
    const vectorSet = new Set(vectorIds);
    const ranked = [...fused].map(([doc, score]) => ({
      doc,
      score,
      tier: lexicalSet.has(doc) ? this.tier(doc, query.text, lexical.query) : TIER_OTHER,
    }));
    ranked.sort((a, b) => a.tier - b.tier || b.score - a.score || a.doc - b.doc);

    const best = maxFusedScore(lists, this.settings.k);
    let vectorOnly = 0;
    for (const doc of vectorIds) if (!lexicalSet.has(doc)) vectorOnly++;
    const hits = ranked.slice(query.offset, query.offset + query.limit).map(({ doc, score }) => ({
      product: this.products[doc],
      score: Math.round((score / best) * 1e6) / 1e6,
      match: (lexicalSet.has(doc) ? (vectorSet.has(doc) ? 'both' : 'lexical') : 'vector') as MatchKind,
    }));
    return { hits, total: lexical.total + vectorOnly };
  }

  private tier(doc: number, text: string, query: ParsedQuery): number {
    const coverage = this.lexical.coverage(doc, query, this.products[doc].id, text);
    return coverage === 'exact' ? TIER_EXACT : coverage === 'all' ? TIER_ALL_WORDS : TIER_OTHER;
  }
}
