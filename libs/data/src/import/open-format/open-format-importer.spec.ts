import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDatabase, type Database } from '../../database/open-database';
import { describeEachBackend, type TestDatabase } from '../../testing/test-databases';
import { ImportFileError, type ImportProgress } from '../import-file';
import { OpenFormatImporter } from './open-format-importer';

const FIXTURES = path.join(__dirname, '__fixtures__');
const fixture = (name: string) => path.join(FIXTURES, name);

describeEachBackend('OpenFormatImporter', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let importer: OpenFormatImporter;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-open-import-'));
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
    importer = new OpenFormatImporter(db);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a products CSV, reporting each bad line with its number and reason', async () => {
    const summary = await importer.import('products', fixture('products.csv'), { batchSize: 2 });
    expect(summary).toMatchObject({ kind: 'products', format: 'csv', gzipped: false, rowsRead: 8, accepted: 4, inserted: 4, updated: 0 });
    expect(summary.rejected.total).toBe(4);
    expect(summary.rejected.first.map((r) => [r.line, r.reason])).toEqual([
      [5, 'price: negative'],
      [6, 'categories[0]: empty part in category path; tags[0]: a key:value tag needs both a key and a value'],
      [7, 'wrong number of columns'],
      [8, 'id: required'],
    ]);
    expect(summary.rejected.first[1]?.errors).toEqual([
      { field: 'categories[0]', reason: 'empty part in category path' },
      { field: 'tags[0]', reason: 'a key:value tag needs both a key and a value' },
    ]);
    const [mug, pen, towel, blue] = await db.products.findByIds(['SKU-000123', '4006381333931', 'ab-12', 'SKU-000127']);
    expect(mug).toMatchObject({
      id: 'SKU-000123',
      title: 'Red Enamel Mug',
      description: 'A mug, red, with "enamel" coating.',
      price: 12.5,
      currency: 'EUR',
      categories: ['Home > Kitchen > Mugs', 'Gifts > For Her'],
      tags: ['color:red', 'material:enamel', 'eco'],
      available: true,
      createdAt: new Date('2024-01-10T09:00:00Z'),
      imageUrl: 'https://shop.example/img/123.jpg',
      url: 'https://shop.example/p/123',
    });
    expect(pen).toMatchObject({ title: 'Ballpoint Pen', categories: ['Office > Writing'], tags: ['brand:stabilo'], description: null, imageUrl: null });
    expect(towel).toMatchObject({ id: 'ab-12', available: false, createdAt: new Date('2024-02-01T00:00:00Z') });
    expect(blue).toMatchObject({ available: true, recommendable: true });
  });

  it('changes nothing when the same products file is imported again, gzipped', async () => {
    const before = await db.products.findByIds(['SKU-000123', '4006381333931', 'ab-12', 'SKU-000127']);
    const gz = path.join(dir, 'products.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('products.csv'))));
    const again = await importer.import('products', gz);
    expect(again).toMatchObject({ gzipped: true, rowsRead: 8, accepted: 4, inserted: 0, updated: 0, unchanged: 4 });
    expect(await db.products.findByIds(['SKU-000123', '4006381333931', 'ab-12', 'SKU-000127'])).toEqual(before);
    // Gzip is known by its bytes, not its name.
    const disguised = path.join(dir, 'products-gz.csv');
    writeFileSync(disguised, gzipSync(readFileSync(fixture('products.csv'))));
    expect(await importer.import('products', disguised)).toMatchObject({ gzipped: true, accepted: 4, inserted: 0, updated: 0 });
  });

  it('imports customers from JSON Lines', async () => {
    const summary = await importer.import('customers', fixture('customers.jsonl'));
    expect(summary).toMatchObject({ format: 'jsonl', rowsRead: 6, accepted: 3, inserted: 3, updated: 0 });
    expect(summary.rejected.first.map((r) => [r.line, r.reason])).toEqual([
      [4, 'created_at: not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)'],
      [5, 'not valid JSON'],
      [6, 'segment: unknown field'],
    ]);
    expect(await db.customers.findById('C-0000002')).toMatchObject({ country: null, attributes: { tier: 'gold' }, createdAt: new Date('2023-03-31T20:14:43Z') });
    expect(await importer.import('customers', fixture('customers.jsonl'))).toMatchObject({ accepted: 3, inserted: 0, updated: 0, unchanged: 3 });
  });

  it('records events once: a repeated event id is a duplicate, or a conflict when its content differs', async () => {
    const summary = await importer.import('events', fixture('events.csv'));
    expect(summary).toMatchObject({ rowsRead: 10, accepted: 8, inserted: 6, duplicates: 1 });
    expect(summary.conflicts).toEqual({
      total: 1,
      first: [{ line: 8, reason: 'event_id e-2 was stored before with other content; the stored event is kept', errors: [{ field: 'event_id', reason: 'stored before with other content' }] }],
    });
    expect(summary.rejected.first.map((r) => [r.line, r.reason])).toEqual([
      [9, 'customer_id: names neither a customer nor a session (an event needs one or both)'],
      [10, 'type: must be one of view, cart, purchase, return, click'],
    ]);
    const again = await importer.import('events', fixture('events.csv'));
    expect(again).toMatchObject({ accepted: 8, inserted: 0, duplicates: 7 });
    expect(again.conflicts.total).toBe(1);
  });

  it('keeps the first 100 bad lines, counts the rest, and reports progress', async () => {
    const file = path.join(dir, 'many.jsonl');
    const good = (i: number) => JSON.stringify({ id: `C-${i}`, country: 'DE', created_at: '2024-01-01T00:00:00Z' });
    writeFileSync(file, [...Array.from({ length: 150 }, (_, i) => `{"id":"C-bad-${i}","country":"DE","created_at":"never"}`), good(1), good(2)].join('\n'));
    const progress: ImportProgress[] = [];
    const summary = await importer.import('customers', file, { onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ rowsRead: 152, accepted: 2 });
    expect(summary.rejected.total).toBe(150);
    expect(summary.rejected.first).toHaveLength(100);
    expect(summary.rejected.byReason).toEqual({ 'created_at: not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)': 150 });
    const size = statSync(file).size;
    expect(progress.at(-1)).toEqual({ rowsRead: 152, bytesRead: size, totalBytes: size });
  });

  it('refuses a 20 MiB description with its field and stores the rest of the file', async () => {
    const file = path.join(dir, 'huge.csv');
    const header = 'id,title,price,categories,tags,available,created_at,description';
    writeFileSync(file, `${header}\nHUGE-1,Huge,1,,,true,2024-01-01T00:00:00Z,${'x'.repeat(20 * 1024 * 1024)}\nSMALL-1,Small,1,,,true,2024-01-01T00:00:00Z,short\n`);
    const summary = await importer.import('products', file);
    expect(summary).toMatchObject({ accepted: 1, inserted: 1 });
    expect(summary.rejected.first).toEqual([{ line: 2, reason: 'description: longer than 5000 characters', errors: [{ field: 'description', reason: 'longer than 5000 characters' }] }]);
    expect(await db.products.findById('HUGE-1')).toBeNull();
  });

  it('refuses a file it cannot read or whose header is not the one expected, naming the columns', async () => {
    await expect(importer.import('products', fixture('wrong-header.csv'))).rejects.toThrow(
      new ImportFileError(
        `${fixture('wrong-header.csv')} is not a products CSV: missing column title; unknown column name. ` +
          'Expected the header id,title,price,categories,tags,available,created_at (optional columns: description,currency,image_url,url)',
      ),
    );
    await expect(importer.import('customers', fixture('products.csv'))).rejects.toThrow(/not a customers CSV: missing column country; unknown columns title, price, categories, /);
    await expect(importer.import('events', path.join(dir, 'missing.csv'))).rejects.toThrow(/cannot read .*missing\.csv: no such file/);
    await expect(importer.import('events', fixture('events.xlsx'))).rejects.toThrow(/cannot tell the format .* \.csv, \.jsonl or \.ndjson/);
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(importer.import('customers', empty)).rejects.toThrow(/empty: a customers CSV starts with the header id,country,created_at/);
    const broken = path.join(dir, 'broken.jsonl.gz');
    writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    await expect(importer.import('events', broken)).rejects.toThrow(ImportFileError);
  });
});
