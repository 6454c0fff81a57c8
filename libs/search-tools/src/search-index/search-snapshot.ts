import type { Product } from '@reco/data';
import type { ProductEmbeddings } from '../embeddings/product-embeddings';
import { CatalogueDocuments } from './catalogue-documents';
import { CatalogueOverview } from './catalogue-overview';
import { LexicalIndex, type LexicalDocument, type ParsedQuery } from './lexical-index';
import { attributeText, sameSearchableText } from './product-text';
import { DEFAULT_FUSION_SETTINGS, maxFusedScore, reciprocalRankFusion, type FusionSettings, type RankedList } from './rank-fusion';
import type { MatchKind, ProductSearchPage, ProductSearchQuery } from './search-index';

// Tiers order results before the fused score: a product named exactly by the query, then one
// holding every query word, then one holding the word naming the product ("red lantern": a
// lantern that is not red), then the rest (some other word, or vector-only matches).
const TIER_EXACT = 0;
const TIER_ALL_WORDS = 1;
const TIER_HEAD = 2;
const TIER_OTHER = 3;

/** Changed products to bring into a snapshot (see `apply`). */
export interface ProductChanges {
  /** The products' current rows; one no longer recommendable is taken out. */
  products: readonly Product[];
  /** Ids with no product any more. */
  deleted?: readonly string[];
  /** Vectors of the products `needsVector` named, by id. */
  vectors?: ReadonlyMap<string, Float32Array | undefined>;
}

/**
 * One build of the index (products, lexical index, vectors) plus the changes applied since: a
 * changed product's old document is flagged removed and its new one appended, so a build serves
 * every change at once until the next rebuild compacts it. Changes are applied synchronously,
 * between searches: a search never sees half of one.
 */
export class SearchSnapshot {
  private readonly documents: CatalogueDocuments;
  /** Documents of the build; later ones were added by changes. */
  readonly builtSize: number;
  private readonly lexical: LexicalIndex;
  /** Worked out on first ask, dropped by every change. */
  private overviewOfLive: CatalogueOverview | undefined;

  /**
   * The products, or their documents already described while the build read them; `lexical`,
   * their index built elsewhere (a worker thread); without it, built here.
   */
  constructor(
    products: readonly Product[] | CatalogueDocuments,
    readonly embeddings: ProductEmbeddings | undefined,
    private readonly settings: FusionSettings = DEFAULT_FUSION_SETTINGS,
    lexical?: LexicalIndex,
  ) {
    this.documents = products instanceof CatalogueDocuments ? products : CatalogueDocuments.of(products);
    const documents = this.documents;
    if (documents.removedCount > 0) throw new Error('a snapshot is built from documents none of which is removed');
    this.builtSize = documents.count;
    this.lexical = lexical ?? LexicalIndex.build(Array.from({ length: documents.count }, (_, doc) => lexicalDocument(documents.at(doc))));
    if (this.lexical.documentCount !== documents.count) throw new Error(`the lexical index holds ${this.lexical.documentCount} documents, not ${documents.count}`);
  }

  /** Products searchable now. */
  get size(): number {
    return this.documents.size;
  }

  /** Documents added by changes since the build (each replaced or new product adds one). */
  get addedSinceBuild(): number {
    return this.documents.count - this.builtSize;
  }

  /** Fingerprint of the products searchable now (see catalogueFingerprint). */
  get fingerprint(): string {
    return this.documents.fingerprint;
  }

  /** Categories and product ids of the products searchable now. */
  overview(): CatalogueOverview {
    return (this.overviewOfLive ??= CatalogueOverview.of(this.liveProducts()));
  }

  product(id: string): Product | undefined {
    const doc = this.documents.docFor(id);
    return doc === undefined ? undefined : this.documents.at(doc);
  }

  /** True when applying `p` would change what is searched or answered. */
  wouldChange(p: Product): boolean {
    const current = this.product(p.id);
    return current ? !isOlder(p, current) && !sameProduct(current, p) : p.recommendable;
  }

  /** True when applying `p` would add a document, which then needs a vector. */
  needsVector(p: Product): boolean {
    const current = this.product(p.id);
    return p.recommendable && (!current || (!isOlder(p, current) && !sameSearchableText(current, p)));
  }

  /** Applies changes; returns the ids whose searchable product changed. An older row than the one held is ignored. */
  apply(changes: ProductChanges): string[] {
    const changed = new Set<string>();
    for (const id of changes.deleted ?? []) {
      const doc = this.documents.docFor(id);
      if (doc === undefined) continue;
      this.removeDoc(doc);
      changed.add(id);
    }
    for (const p of changes.products) {
      const doc = this.documents.docFor(p.id);
      const current = doc === undefined ? undefined : this.documents.at(doc);
      if (current && (isOlder(p, current) || sameProduct(current, p))) continue;
      if (doc !== undefined && current && p.recommendable && sameSearchableText(current, p)) {
        // Same words: price, stock and the rest change in place, no new document.
        this.documents.replace(doc, p);
      } else {
        if (doc !== undefined) this.removeDoc(doc);
        if (p.recommendable) this.appendDoc(p, changes.vectors?.get(p.id));
        else if (doc === undefined) continue;
      }
      changed.add(p.id);
    }
    if (changed.size > 0) this.overviewOfLive = undefined;
    return [...changed];
  }

  async search(query: ProductSearchQuery, signal?: AbortSignal): Promise<ProductSearchPage> {
    const accept = this.documents.filter(query);
    if (accept === null) return { hits: [], total: 0 };
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
        const lexicalIndex = this.lexical;
        const vectorAccept =
          this.documents.removedCount === 0 ? accept : (doc: number) => !lexicalIndex.isRemoved(doc) && (accept === undefined || accept(doc));
        vectorIds = this.embeddings
          .nearest(vector, this.settings.vectorDepth, vectorAccept)
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
      available: this.documents.inStock(doc),
    }));
    // Within a tier, products in stock come before those that are not; then relevance.
    ranked.sort((a, b) => a.tier - b.tier || b.available - a.available || b.score - a.score || a.doc - b.doc);
    // The relevance floor: when some products answer the query (every word, or the product
    // type), those matching only some other word ("red" things for "red lantern") are not listed.
    // Vector-only neighbours stay, after them: they are the near misses vectors are fused for.
    const floor = ranked.length > 0 && ranked[0].tier < TIER_OTHER;
    const listed = floor ? ranked.filter((r) => r.tier < TIER_OTHER || !lexicalSet.has(r.doc)) : ranked;

    const best = maxFusedScore(lists, this.settings.k);
    const dropped = ranked.length - listed.length;
    let vectorOnly = 0;
    for (const doc of vectorIds) if (!lexicalSet.has(doc)) vectorOnly++;
    const hits = listed.slice(query.offset, query.offset + query.limit).map(({ doc, score }) => ({
      product: this.documents.at(doc),
      score: Math.round((score / best) * 1e6) / 1e6,
      match: (lexicalSet.has(doc) ? (vectorSet.has(doc) ? 'both' : 'lexical') : 'vector') as MatchKind,
    }));
    return { hits, total: lexical.total + vectorOnly - dropped };
  }

  private tier(doc: number, text: string, query: ParsedQuery): number {
    const coverage = this.lexical.coverage(doc, query, this.documents.at(doc).id, text);
    return coverage === 'exact' ? TIER_EXACT : coverage === 'all' ? TIER_ALL_WORDS : coverage === 'head' ? TIER_HEAD : TIER_OTHER;
  }

  /** Each product searchable now, in document order (a removed document's product is replaced or gone). */
  private *liveProducts(): Generator<Product> {
    for (let doc = 0; doc < this.documents.count; doc++) {
      const p = this.documents.at(doc);
      if (this.documents.docFor(p.id) === doc) yield p;
    }
  }

  private appendDoc(p: Product, vector: Float32Array | undefined): void {
    const doc = this.lexical.append(lexicalDocument(p));
    if (this.documents.add(p) !== doc) throw new Error(`document ${doc} of the lexical index is not the catalogue's`);
    // Row i of the vectors is document i: a product without a vector gets a zero row (never near anything).
    const vectors = this.embeddings?.products;
    if (vectors && vectors.size === doc) vectors.append(vector);
  }

  private removeDoc(doc: number): void {
    this.lexical.remove(doc, this.documents.at(doc).id);
    this.documents.remove(doc);
  }
}

function lexicalDocument(p: Product): LexicalDocument {
  return { id: p.id, title: p.title, attributes: attributeText(p) };
}

function isOlder(p: Product, than: Product): boolean {
  return p.updatedAt.getTime() < than.updatedAt.getTime();
}

/** Every field a search answer shows is the same. */
function sameProduct(a: Product, b: Product): boolean {
  return (
    sameSearchableText(a, b) &&
    a.price === b.price &&
    a.available === b.available &&
    a.recommendable === b.recommendable &&
    a.description === b.description &&
    a.typicalPrice === b.typicalPrice &&
    a.currency === b.currency &&
    a.imageUrl === b.imageUrl &&
    a.url === b.url &&
    a.updatedAt.getTime() === b.updatedAt.getTime()
  );
}
