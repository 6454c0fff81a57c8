import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SAMPLE = path.join(ROOT, 'libs', 'data', 'sample', 'online-retail-sample.csv.gz');

jest.setTimeout(300_000);

// The CLI as users run it (`npm run reco -- ...`), against a temporary SQLite database and object folder.
function reco(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@reco/source', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', OBJECT_STORE: 'local', OBJECT_STORE_DIR: '', LOG_LEVEL: 'warn' },
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('reco train / recommend / evaluate', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-recs-'));
    expect(reco(['import', '--csv', SAMPLE], dir).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recommends the popular list before any model exists', () => {
    const result = reco(['recommend', '--user', '17850', '--k', '3'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/customer 17850: popular/);
  });

  it('trains, stores and activates a model and prints its metrics', () => {
    const result = reco(['train', '--json'], dir);
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as { name: string; version: string; objectKey: string; metrics: Record<string, number> };
    expect(outcome).toMatchObject({ name: 'recommender', objectKey: `models/recommender/${outcome.version}` });
    expect(outcome.metrics['model.all.recall@20']).toBeGreaterThan(0);
    const text = reco(['train', '--model', 'other'], dir);
    expect(text.stdout).toMatch(/^trained other v\d+T/);
    expect(text.stdout).toMatch(/Recall@20/);
  });

  it('recommends for a file of customers as JSON lines, unknown and malformed ids get the fallback', () => {
    const file = path.join(dir, 'users.txt');
    writeFileSync(file, '17850\nNOBODY\n\nnot an id!\n13047\n');
    const result = reco(['recommend', '--users', file, '--k', '5', '--format', 'jsonl'], dir);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { userId: string; items: string[] });
    expect(lines.map((l) => l.userId)).toEqual(['17850', 'NOBODY', 'not an id!', '13047']);
    for (const line of lines) expect(line.items).toHaveLength(5);
    expect(lines[2].items).toEqual(lines[1].items); // both the popular list
  });

  it('rejects bad usage with one line', () => {
    expect(reco(['recommend', '--k', '5'], dir)).toMatchObject({ code: 2 });
    expect(reco(['recommend', '--user', '1', '--k', '500'], dir).stderr).toMatch(/--k must be an integer 1-100/);
    expect(reco(['recommend', '--users', path.join(dir, 'missing.txt')], dir).stderr.trim()).toMatch(/^reco: cannot read .*missing\.txt: no such file$/);
    expect(reco(['evaluate', '--cutoff', 'yesterday'], dir)).toMatchObject({ code: 2 });
  });

  it('evaluates model and popularity side by side in both modes', () => {
    const result = reco(['evaluate', '--cutoff', '2011-10-09', '--days', '30', '--k', '20'], dir);
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').filter((l) => /^(all|new) /.test(l));
    expect(rows.map((r) => r.split(/\s+/).slice(0, 3).filter((_, i) => i !== 1).join(' '))).toEqual(['all model', 'all popularity', 'new model', 'new popularity']);
  });
});
