import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import { CatalogueDocuments } from './catalogue-documents';
import { readCatalogue, recommendableProductPages } from './catalogue-pages';

// Over the shipped sample in SQLite (2,907 products, a few of them not recommendable).
describe('catalogue pages', () => {
  let sample: SampleDatabase;
  beforeAll(async () => {
    sample = await openSampleDatabase();
  });
  afterAll(() => sample.close());

  it('reads every recommendable product once, in id order, a page at a time', async () => {
    const expected = await sample.db.products.findAll({ recommendableOnly: true });
    expect(expected.length).toBeLessThan(await sample.db.products.count()); // some are hidden
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of recommendableProductPages(async () => sample.db.products, 400)) {
      pages.push(page.length);
      ids.push(...page.map((p) => p.id));
      expect(page.every((p) => p.recommendable)).toBe(true);
    }
    expect(ids).toEqual(expected.map((p) => p.id));
    expect(Math.max(...pages)).toBeLessThanOrEqual(400);
    expect(pages.length).toBeGreaterThan(5);
  });

  it('gives a build the same documents read in pages as read at once', async () => {
    const paged = await readCatalogue(recommendableProductPages(async () => sample.db.products, 400));
    const whole = await readCatalogue(sample.db.products.findAll({ recommendableOnly: true }));
    expect(paged.titles).toEqual(whole.titles);
    expect(paged.attributes).toEqual(whole.attributes);
    expect(paged.documents.fingerprint).toBe(whole.documents.fingerprint);
    expect(paged.documents.fingerprint).toBe(CatalogueDocuments.of(await sample.db.products.findAll({ recommendableOnly: true })).fingerprint);
  });

  it('lets timers run between pages (the SQLite driver answers synchronously)', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await readCatalogue(recommendableProductPages(async () => sample.db.products, 200));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(3);
  });
});
