import type { Product, ProductRepository } from '@reco/data';
import { CatalogueDocuments } from './catalogue-documents';
import { attributeText } from './product-text';

/** The searchable catalogue: all at once, or page by page (read between which the event loop runs). */
export type ProductSource = Promise<readonly Product[]> | AsyncIterable<readonly Product[]>;

/** The catalogue as one build reads it: its documents (products described for the filters) and their searchable text. */
export interface CatalogueRead {
  documents: CatalogueDocuments;
  titles: string[];
  /** attributeText of each product. */
  attributes: string[];
}

const DEFAULT_PAGE_SIZE = 1_000;

/**
 * Every recommendable product, a keyset page at a time: a whole-catalogue query holds SQLite's
 * synchronous driver (and the event loop) for over a second at 100,000 products; a page of
 * 1,000 for a few milliseconds.
 */
export async function* recommendableProductPages(
  products: () => Promise<Pick<ProductRepository, 'listPage'>>,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncIterable<Product[]> {
  const repository = await products();
  let afterId: string | undefined;
  for (;;) {
    const page = await repository.listPage({ afterId, limit: pageSize });
    const recommendable = page.filter((p) => p.recommendable);
    if (recommendable.length > 0) yield recommendable;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    afterId = last.id;
  }
}

/** Reads the whole source, describing each page's products as it arrives (between reads, not in one block at the end). */
export async function readCatalogue(source: ProductSource): Promise<CatalogueRead> {
  const read: CatalogueRead = { documents: new CatalogueDocuments(), titles: [], attributes: [] };
  const add = (page: readonly Product[]) => {
    for (const p of page) {
      read.documents.add(p);
      read.titles.push(p.title);
      read.attributes.push(attributeText(p));
    }
  };
  if (!isAsyncIterable(source)) {
    add(await source);
    return read;
  }
  for await (const page of source) {
    add(page);
    // SQLite's driver answers synchronously, so awaiting a page alone never lets timers and I/O
    // in: the whole read would be one block of microtasks. Yield to them between pages.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return read;
}

function isAsyncIterable(source: ProductSource): source is AsyncIterable<readonly Product[]> {
  return typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';
}
