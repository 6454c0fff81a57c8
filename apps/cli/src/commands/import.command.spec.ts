import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SAMPLE = path.join(ROOT, 'libs', 'data', 'sample', 'online-retail-sample.csv.gz');

// The CLI as users run it (`npm run reco -- ...`), against a temporary SQLite database.
function reco(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@reco/source', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('reco db migrate / reco import', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a fresh database, then reports it up to date', () => {
    const first = reco(['db', 'migrate'], dir);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/applied 0001_init/);
    const second = reco(['db', 'migrate'], dir);
    expect(second.stdout).toMatch(/up to date/);
  });

  it('imports the sample and prints the counts; a second import inserts nothing', () => {
    const first = reco(['import', '--csv', SAMPLE], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/rows read/);
    expect(first.stdout).toMatch(/customers with orders/);
    expect(first.stdout).toMatch(/after import: segments done/); // segments follow every import
    expect(first.stderr).not.toMatch(/importing \[/); // no progress bar without a terminal
    const second = reco(['import', '--csv', SAMPLE, '--json'], dir);
    const summary = JSON.parse(second.stdout) as { inserted: Record<string, number>; afterImport: { hook: string; ok: boolean }[] };
    expect(summary.inserted).toEqual({ orders: 0, orderLines: 0, customers: 0, products: 0 });
    expect(summary.afterImport).toContainEqual(expect.objectContaining({ hook: 'segments', ok: true }));
  });

  it('fails with one clear line for a missing file', () => {
    const result = reco(['import', '--csv', path.join(dir, 'nope.csv')], dir);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^reco: cannot read .*nope\.csv: no such file$/);
  });
});

const FIXTURES = path.join(ROOT, 'libs', 'data', 'src', 'import', 'open-format', '__fixtures__');

describe('reco import products / customers / events / online-retail', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-open-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a products file, lists the bad lines with their numbers, exits 0, and refreshes what follows', () => {
    const result = reco(['import', 'products', path.join(FIXTURES, 'products.csv')], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/8 rows read/);
    expect(result.stdout).toMatch(/accepted 4: 4 inserted, 0 updated, 0 unchanged/);
    expect(result.stdout).toMatch(/^ {2}line 5: price: negative$/m);
    expect(result.stdout).toMatch(/^ {2}line 7: wrong number of columns$/m);
    expect(result.stdout).toMatch(/after import: segments done/);
    // The catalogue listeners (search, recommendations) are told first, as after an API write.
    expect(result.stdout).toMatch(/after import: catalog listeners done[^]*after import: segments done/);
  }, 120_000);

  it('tells the catalogue listeners only about the products a file changed', () => {
    const listened = (file: string) => {
      const run = reco(['import', 'products', file, '--json'], dir);
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout) as { afterImport: { hook: string; ok: boolean; result?: unknown }[] }).afterImport[0];
    };
    expect(listened(path.join(FIXTURES, 'products.csv'))).toMatchObject({ hook: 'catalog listeners', ok: true, result: { products: 0 } });
    const changes = path.join(dir, 'changes.csv');
    writeFileSync(changes, 'id,title,price,categories,tags,available,created_at\nab-12,Linen Tea Towel,8,,,false,2024-02-01\nNEW-1,New,1,,,true,2024-03-01\n');
    expect(listened(changes)).toMatchObject({ hook: 'catalog listeners', ok: true, result: { products: 2 } });
  }, 120_000);

  it('imports customers (JSON Lines, no refresh needed) and events, reporting duplicates and conflicts', () => {
    const customers = reco(['import', 'customers', path.join(FIXTURES, 'customers.jsonl'), '--json'], dir);
    expect(customers.code).toBe(0);
    expect(JSON.parse(customers.stdout)).toMatchObject({ kind: 'customers', accepted: 3, inserted: 3, afterImport: [] });
    const events = reco(['import', 'events', path.join(FIXTURES, 'events.csv')], dir);
    expect(events.code).toBe(0);
    expect(events.stdout).toMatch(/accepted 8: 6 stored, 1 duplicates, 1 conflicts/);
    expect(events.stdout).toMatch(/conflict line 8: event_id e-2 was stored before with other content/);
  }, 120_000);

  it('fails with one clear line for a wrong header, and exits 1 when no line is accepted', () => {
    const wrong = reco(['import', 'products', path.join(FIXTURES, 'wrong-header.csv')], dir);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toMatch(/^reco: .*wrong-header\.csv is not a products CSV: missing column title; unknown column name\. Expected the header id,title,price,categories,tags,available,created_at/);
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"C-1","created_at":"never"}\n');
    const none = reco(['import', 'customers', bad], dir);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/line 1: created_at: not an ISO 8601 time/);
    expect(none.stderr).toMatch(/no line of .*bad\.jsonl was accepted/);
    expect(reco(['import'], dir).code).toBe(2);
  }, 120_000);

  it('keeps the Online Retail file as `import online-retail`', () => {
    const result = reco(['import', 'online-retail', SAMPLE, '--json', '--no-refresh'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsRead: expect.any(Number), afterImport: [] });
  }, 120_000);
});

// The open-shop generator lives in tools/bench, which an app may not import: it runs as its own process.
describe('reco import: a generated shop end to end', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-shop-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the three files of a generated shop without a rejected line, and again without a change', () => {
    const shop = path.join(dir, 'shop');
    const generator = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), '--conditions=@reco/source', 'tools/bench/src/shop-generator/main.ts', '--size', 'custom', '--products', '300', '--customers', '200', '--events', '20000', '--seed', '1', '--format', 'jsonl', '--gzip', '--out', shop],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(generator.status).toBe(0);
    const counts = { products: 300, customers: 200, events: 20_000 };
    for (const kind of ['products', 'customers', 'events'] as const) {
      const result = reco(['import', kind, path.join(shop, `${kind}.jsonl.gz`), '--json', '--no-refresh'], dir);
      expect(result).toMatchObject({ code: 0 });
      const summary = JSON.parse(result.stdout) as { rowsRead: number; accepted: number; inserted: number; rejected: { total: number } };
      expect(summary).toMatchObject({ rowsRead: counts[kind], accepted: counts[kind], inserted: counts[kind], rejected: { total: 0 } });
    }
    const again = JSON.parse(reco(['import', 'events', path.join(shop, 'events.jsonl.gz'), '--json', '--no-refresh'], dir).stdout) as Record<string, unknown>;
    expect(again).toMatchObject({ accepted: 20_000, inserted: 0, duplicates: 20_000, conflicts: { total: 0 } });
  }, 300_000);
});
