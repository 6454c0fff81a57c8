import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@reco/data';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SAMPLE = path.join(ROOT, 'libs', 'data', 'sample', 'online-retail-sample.csv.gz');
const SPLIT = ['evaluate', '--cutoff', '2011-10-09', '--days', '30', '--k', '20'];

jest.setTimeout(300_000);

// The CLI as users run it, against a temporary SQLite database holding the project's sample.
function reco(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@reco/source', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', OBJECT_STORE: 'local', OBJECT_STORE_DIR: '', LOG_LEVEL: 'warn' },
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Row {
  ranker: string;
  mode: string;
  recall: number;
  ndcg: number;
  ils: number;
  coverage: number;
  shortLists: number;
}

function evaluateArm(arm: string, dir: string): { rows: Row[]; notes: string[]; row: (ranker: string, mode: string) => Row } {
  const result = reco([...SPLIT, '--arm', arm, '--json'], dir);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const { rows, notes } = JSON.parse(result.stdout) as { rows: Row[]; notes: string[] };
  const row = (ranker: string, mode: string) => {
    const found = rows.find((r) => r.ranker === ranker && r.mode === mode);
    if (!found) throw new Error(`no ${ranker} row in ${mode} mode`);
    return found;
  };
  return { rows, notes, row };
}

describe('reco evaluate --arm', () => {
  let dir: string;
  let popular: string[];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-arm-'));
    expect(reco(['import', '--csv', SAMPLE], dir).code).toBe(0);
    const db = await openDatabase({ url: `file:${path.join(dir, 'reco.db')}` });
    try {
      // The 30 products most customers bought: the plain lists are full of them.
      const top = await db.client.$queryRawUnsafe<{ id: string }[]>(
        `SELECT l.product_id AS id FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no
         WHERE o.customer_id IS NOT NULL GROUP BY l.product_id ORDER BY COUNT(DISTINCT o.customer_id) DESC, l.product_id LIMIT 30`,
      );
      popular = top.map((r) => r.id);
      await db.merchandising.put('rule', 'rule-no-bestsellers', { name: 'no-bestsellers', kind: 'exclude', match: { productIds: popular }, enabled: true }, 'test');
      await db.merchandising.put('rule', 'rule-later', { name: 'later', kind: 'boost', factor: 2, match: { productIds: [popular[0]] }, enabled: false }, 'test');
    } finally {
      await db.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('diversity mmr 1 gives lists of less alike products than the plain model, at a cost in recall', () => {
    const { row } = evaluateArm('{"diversity":{"mmr":1}}', dir);
    for (const mode of ['all', 'new']) {
      expect(row('arm', mode).ils).toBeLessThan(row('model', mode).ils);
      expect(row('arm', mode).coverage).toBeGreaterThan(row('model', mode).coverage);
      expect(row('arm', mode).recall).toBeLessThanOrEqual(row('model', mode).recall);
    }
    // The sample has no categories: coverage counts title words, and says so.
    const text = reco([...SPLIT, '--arm', '{"diversity":{"mmr":1}}'], dir);
    expect(text.stdout).toMatch(/^arm: strategy personal, rules none, diversity mmr 1$/m);
    expect(text.stdout).toMatch(/^all +\d+ +arm +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$/m);
    expect(text.stdout).toMatch(/^note: coverage: 100% .* last word of their title/m);
  });

  it('an exclude rule of the best sellers lowers recall, lists still full; a named disabled rule applies with a note', () => {
    const { row, notes } = evaluateArm('@' + writeArm(dir, { rules: ['rule-no-bestsellers', 'rule-later'], modelVersion: 'v1' }), dir);
    for (const mode of ['all', 'new']) {
      expect(row('arm', mode).recall).toBeLessThan(row('model', mode).recall);
      expect(row('arm', mode).shortLists).toBe(0);
    }
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^rule later \(rule-later\) is disabled/), expect.stringMatching(/^modelVersion "v1" ignored/)]));
  });

  it('the popular strategy scores the popularity ranker through the arm', () => {
    const { row } = evaluateArm('{"strategy":"popular"}', dir);
    expect(row('arm', 'all')).toMatchObject({ recall: row('popularity', 'all').recall, ndcg: row('popularity', 'all').ndcg });
  });

  it('refuses a bad arm with exit code 2 and the field named', () => {
    const bad = (arm: string) => reco([...SPLIT, '--arm', arm], dir);
    expect(bad('{"diversity":{"mmr":2}}')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--arm: diversity\.mmr: .*1/) });
    expect(bad('{"diversity":')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--arm: not valid JSON/) });
    expect(bad('{"colour":"red"}')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--arm: the arm: .*colour/) });
    expect(bad('{"rules":["rule-no-bestsellers","rule-nope"]}')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--arm: rules\.1: no rule with id "rule-nope"/) });
    expect(bad('{"strategy":"cart"}')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--arm: strategy: "cart" is not evaluated offline/) });
    expect(bad('@' + path.join(dir, 'missing.json'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/--arm: cannot read .*missing\.json: no such file/) });
  });
});

function writeArm(dir: string, arm: object): string {
  const file = path.join(dir, 'arm.json');
  writeFileSync(file, JSON.stringify(arm));
  return file;
}
