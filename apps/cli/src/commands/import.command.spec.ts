import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
